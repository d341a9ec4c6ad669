import { historyContract } from "./contract/core.ts";
import { apiContract } from "./contract/api.ts";
import { formatContract } from "./contract/formats.ts";
import { remoteTarget } from "./support/targets.ts";

historyContract(remoteTarget);
apiContract(remoteTarget);
formatContract(remoteTarget);
