// Checks JSON messages against one of docs/schemas with Ajv in JSON Schema 2020-12 mode, formats (uuid, date-time)
// included and strict mode on, so a keyword Ajv does not know fails the schema rather than being ignored:
//   node validate-message.mjs docs/schemas/SegmentImage.schema.json < messages.json
// Standard input holds a JSON array of messages. Prints one line per message, "ok" or "invalid: <path> <error>; ...",
// and exits 1 when any is invalid; exits 2, printing the reason, when the schema itself does not compile.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

if (process.argv.length !== 3) {
  console.log("usage: node validate-message.mjs <schema.json> < messages.json");
  process.exit(2);
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);

let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(process.argv[2], "utf8")));
} catch (error) {
  console.log(`schema: ${error.message}`);
  process.exit(2);
}

const messages = JSON.parse(readFileSync(0, "utf8"));
for (const message of messages) {
  if (validate(message)) {
    console.log("ok");
  } else {
    console.log(`invalid: ${validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : ""}`).join("; ")}`);
    process.exitCode = 1;
  }
}
