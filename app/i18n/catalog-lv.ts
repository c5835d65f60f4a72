// The Latvian messages a browser needs (see catalog-en.ts). Typed against the English catalog: a missing key fails.
import type { Message } from "./types";
import type { ClientCatalog } from "./catalog-en";
import { lv as common } from "./messages/common";
import { lv as auth } from "./messages/auth";
import { lv as directory } from "./messages/directory";
import { lv as admin } from "./messages/admin";
import { lv as settings } from "./messages/settings";
import { lv as orgs } from "./messages/orgs";
import { lv as groups } from "./messages/groups";
import { lv as campaigns } from "./messages/campaigns";
import { lv as logistics } from "./messages/logistics";
import { lv as live } from "./messages/live";
import { lv as events } from "./messages/events";
import { lv as http } from "./messages/http";
import { lv as policy } from "./messages/policy";
import { lv as privacy } from "./messages/privacy";
import { lv as titles } from "./messages/titles";
import { lv as home } from "./messages/home";
import { lv as notifications } from "./messages/notifications";
import { lv as vocabulary } from "./messages/vocabulary";
import { lv as files } from "./messages/files";
import { lv as search } from "./messages/search";

const lv: Record<keyof ClientCatalog, Message> = {
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

export default lv;
