// On the server every page and mail may be in either language: both catalogs, with the mail messages, are registered
// when ~/i18n is first imported (index.ts imports this module; in the browser bundle it is an empty module).
import en from "./catalog-en";
import lv from "./catalog-lv";
import * as mail from "./messages/mail";
import { registerCatalog } from "./registry";

registerCatalog("en", { ...en, ...mail.en });
registerCatalog("lv", { ...lv, ...mail.lv });
