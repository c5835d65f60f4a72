// Every thread subject type registers itself on import. Add one line per subject type (events, campaigns, pools).
import "~/modules/groups/thread-subject.server";
import "~/modules/campaigns/thread-subject.server";
import "~/modules/logistics/thread-subject.server";
import "~/modules/events/thread-subject.server";
