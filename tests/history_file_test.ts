import { historyContract } from "./contract.ts";
import { apiContract } from "./contract_api.ts";
import { formatContract } from "./contract_formats.ts";
import { fileTarget } from "./support/targets.ts";

historyContract(fileTarget);
apiContract(fileTarget);
formatContract(fileTarget);
