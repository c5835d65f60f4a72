// The Latvian messages of the pages (see catalog-en.ts). Typed against the English catalog: a missing key fails.
import type { Message } from "./types";
import type { ClientCatalog } from "./catalog-en";
import { lv as common } from "./messages/lv/common";
import { lv as auth } from "./messages/lv/auth";
import { lv as directory } from "./messages/lv/directory";
import { lv as admin } from "./messages/lv/admin";
import { lv as settings } from "./messages/lv/settings";
import { lv as orgs } from "./messages/lv/orgs";
import { lv as groups } from "./messages/lv/groups";
import { lv as campaigns } from "./messages/lv/campaigns";
import { lv as logistics } from "./messages/lv/logistics";
import { lv as live } from "./messages/lv/live";
import { lv as events } from "./messages/lv/events";
import { lv as http } from "./messages/lv/http";
import { lv as policy } from "./messages/lv/policy";
import { lv as privacy } from "./messages/lv/privacy";
import { lv as titles } from "./messages/lv/titles";
import { lv as home } from "./messages/lv/home";
import { lv as notifications } from "./messages/lv/notifications";
import { lv as vocabulary } from "./messages/lv/vocabulary";
import { lv as files } from "./messages/lv/files";
import { lv as search } from "./messages/lv/search";

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
