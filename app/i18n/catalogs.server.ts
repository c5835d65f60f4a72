// On the server every page and mail may be in either language: both catalogs, with the mail messages, are registered
// when ~/i18n is first imported (index.ts imports this module; in the browser bundle it is an empty module).
import en from "./catalog-en";
import lv from "./catalog-lv";
import { en as mailEn } from "./messages/mail";
import { lv as mailLv } from "./messages/lv/mail";
import { registerCatalog } from "./registry";

registerCatalog("en", { ...en, ...mailEn });
registerCatalog("lv", { ...lv, ...mailLv });
