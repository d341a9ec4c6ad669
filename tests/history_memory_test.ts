import { historyContract } from "./contract.ts";
import { memoryTarget } from "./support/targets.ts";

historyContract(memoryTarget);
