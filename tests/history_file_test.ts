import { historyContract } from "./contract.ts";
import { fileTarget } from "./support/targets.ts";

historyContract(fileTarget);
