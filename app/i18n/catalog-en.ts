// The English messages of the pages (every area except mail, which only mail templates use). The server registers this,
// catalog-lv.ts and the mail messages (catalogs.server.ts); a browser gets only the messages of the routes it shows,
// in its language, from the server (app/i18n/load.ts, docs/decisions/0015-page-weight.md).
import { en as common } from "./messages/common";
import { en as auth } from "./messages/auth";
import { en as directory } from "./messages/directory";
import { en as admin } from "./messages/admin";
import { en as settings } from "./messages/settings";
import { en as orgs } from "./messages/orgs";
import { en as groups } from "./messages/groups";
import { en as campaigns } from "./messages/campaigns";
import { en as logistics } from "./messages/logistics";
import { en as live } from "./messages/live";
import { en as events } from "./messages/events";
import { en as http } from "./messages/http";
import { en as policy } from "./messages/policy";
import { en as privacy } from "./messages/privacy";
import { en as titles } from "./messages/titles";
import { en as home } from "./messages/home";
import { en as notifications } from "./messages/notifications";
import { en as vocabulary } from "./messages/vocabulary";
import { en as files } from "./messages/files";
import { en as search } from "./messages/search";

const en = {
  ...common,
  ...auth,
  ...directory,
  ...admin,
  ...settings,
  ...orgs,
  ...groups,
  ...campaigns,
  ...logistics,
  ...live,
  ...events,
  ...http,
  ...policy,
  ...privacy,
  ...titles,
  ...home,
  ...notifications,
  ...vocabulary,
  ...files,
  ...search,
};

export type ClientCatalog = typeof en;
export default en;
