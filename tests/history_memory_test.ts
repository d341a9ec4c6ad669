import { historyContract } from "./contract/core.ts";
import { apiContract } from "./contract/api.ts";
import { formatContract } from "./contract/formats.ts";
import { memoryTarget } from "./support/targets.ts";

historyContract(memoryTarget);
apiContract(memoryTarget);
formatContract(memoryTarget);
