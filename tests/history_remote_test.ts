import { historyContract } from "./contract.ts";
import { remoteTarget } from "./support/targets.ts";

historyContract(remoteTarget);
