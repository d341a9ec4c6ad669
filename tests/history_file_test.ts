import { historyContract } from "./contract/core.ts";
import { apiContract } from "./contract/api.ts";
import { formatContract } from "./contract/formats.ts";
import { fileTarget } from "./support/targets.ts";

historyContract(fileTarget);
apiContract(fileTarget);
formatContract(fileTarget);
