import { historyContract } from "./contract.ts";
import { apiContract } from "./contract_api.ts";
import { formatContract } from "./contract_formats.ts";
import { memoryTarget } from "./support/targets.ts";

historyContract(memoryTarget);
apiContract(memoryTarget);
formatContract(memoryTarget);
