// Parses an AsyncAPI document with the AsyncAPI parser (schema of the specification, bindings, payload schemas, and
// every $ref, local files resolved relative to the document), then checks each message example against its message's
// payload and headers schemas with Ajv, which the parser does not do for AsyncAPI 3:
//   node validate.mjs docs/asyncapi.yaml       or       node validate.mjs --stdin docs/asyncapi.yaml < text
// (--stdin reads the document from standard input and resolves its $refs as if it were the named file).
// Exits 1 printing one line per diagnostic of severity error, "error <code> <path>: <message>", or per example that
// does not match, "error example <message>/<example> <payload|headers>: <errors>". Otherwise prints a
// JSON summary: info.version, and for each message its id, name, content type and the $ids of the schemas its payload
// holds (the docs/schemas files it refers to, once dereferenced). Warnings go to standard error.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const args = process.argv.slice(2);
const fromStdin = args[0] === "--stdin";
const source = resolve(fromStdin ? args[1] ?? "" : args[0] ?? "");
if (!source || (fromStdin && args.length !== 2) || (!fromStdin && args.length !== 1)) {
  console.log("usage: node validate.mjs [--stdin] <asyncapi.yaml>");
  process.exit(2);
}

const text = readFileSync(fromStdin ? 0 : source, "utf8");
const { document, diagnostics } = await new Parser().parse(text, { source });

const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
for (const d of diagnostics.filter((d) => d.severity !== DiagnosticSeverity.Error)) {
  console.error(`warning ${d.code} ${d.path.join("/")}: ${oneLine(d.message)}`);
}

if (errors.length > 0 || document === undefined) {
  for (const d of errors) {
    console.log(`error ${d.code} ${d.path.join("/")}: ${oneLine(d.message)}`);
  }
  if (errors.length === 0) {
    console.log("error: the parser returned no document and no error");
  }
  process.exit(1);
}

// The payloads mix AsyncAPI schemas (a superset of draft-07) with docs/schemas (2020-12), using only keywords that mean
// the same in both, so one 2020-12 validator reads them. Not strict: AsyncAPI schemas may carry their own keywords.
const mismatches = document.components().messages().all().flatMap((m) => m.examples().all().flatMap((example, index) => {
  const name = `${m.id()}/${example.name() ?? index}`;
  return [
    check(name, "payload", m.hasPayload() ? m.payload().json() : undefined, example.payload()),
    check(name, "headers", m.hasHeaders() ? m.headers().json() : undefined, example.headers()),
  ].filter((line) => line !== null);
}));
if (mismatches.length > 0) {
  mismatches.forEach((line) => console.log(line));
  process.exit(1);
}

const summary = {
  asyncapi: document.version(),
  version: document.info().version(),
  messages: document.components().messages().all().map((m) => ({
    id: m.id(),
    name: m.name(),
    contentType: m.contentType(),
    payloadIds: m.hasPayload() ? [...ids(m.payload().json())] : [],
  })),
  channels: document.channels().all().map((c) => c.address()),
  operations: document.operations().all().map((o) => ({ id: o.id(), action: o.action(), channels: o.channels().all().map((c) => c.address()) })),
};
console.log(JSON.stringify(summary, null, 2));

function check(name, part, schema, value) {
  if (value === undefined) {
    return null;
  }
  if (schema === undefined) {
    return `error example ${name} ${part}: the message declares no ${part} schema`;
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(value)
    ? null
    : `error example ${name} ${part}: ${validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")}`;
}

function* ids(schema, seen = new Set()) {
  if (schema === null || typeof schema !== "object" || seen.has(schema)) {
    return;
  }
  seen.add(schema);
  if (typeof schema.$id === "string") {
    yield schema.$id;
  }
  for (const value of Object.values(schema)) {
    yield* ids(value, seen);
  }
}

function oneLine(message) {
  return message.replace(/\s*\n\s*/g, " ");
}
