import { historyContract } from "./contract.ts";
import { apiContract } from "./contract_api.ts";
import { memoryTarget } from "./support/targets.ts";

historyContract(memoryTarget);
apiContract(memoryTarget);
