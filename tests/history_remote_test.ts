import { historyContract } from "./contract.ts";
import { apiContract } from "./contract_api.ts";
import { formatContract } from "./contract_formats.ts";
import { remoteTarget } from "./support/targets.ts";

historyContract(remoteTarget);
apiContract(remoteTarget);
formatContract(remoteTarget);
