// Runs the baseline in a process of its own, for tests: Vitest's module runner cannot load the
// indexer's handler files the way handlers.ts does. Argument: a JSON object with databaseUrl, schema
// and the BaselineRange (block numbers as strings); prints the result as JSON.
import { prepareBaseline } from "./index.ts";

const options = JSON.parse(process.argv[2]!);
const baseline = await prepareBaseline({ databaseUrl: options.databaseUrl, schema: options.schema });
try {
  const result = await baseline.index({ ...options, fromBlock: BigInt(options.fromBlock), toBlock: BigInt(options.toBlock) });
  console.log(JSON.stringify(result));
} finally {
  await baseline.close();
}
