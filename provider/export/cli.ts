// The package's command lives in provider/cli/main.ts (`export` and `status`); this module keeps
// the entry it had when `export` was the only command.
import { main } from "../cli/main";

export { main, type CliIo } from "../cli/main";

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
