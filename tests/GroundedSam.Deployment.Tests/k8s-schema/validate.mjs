// Checks every document of a Kubernetes manifest stream against the schemas a cluster applies: Kubernetes' OpenAPI
// schema (kubernetes-models) and KEDA's API types (@kubernetes-models/keda).
//   kubectl kustomize infra/k8s/base | node validate.mjs      or      node validate.mjs rendered.yaml
// Prints one line per document, "ok Kind/name", "invalid Kind/name: errors" or "unknown Kind/name: ...", and exits 1
// when any document is invalid, unknown or unparsable, or when the stream holds no document at all.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication";

// The kinds the base uses, each at the apiVersion current clusters serve. Not every export of the packages: they also
// carry APIs Kubernetes has removed (extensions/v1beta1 Deployment, policy/v1beta1 PodSecurityPolicy), which a cluster
// refuses and so must not pass here. A new kind in infra/k8s/base fails as unknown until its model is added to this list.
const models = new Map(
  [Namespace, Deployment, PodDisruptionBudget, ScaledObject, TriggerAuthentication].map((m) => [`${m.apiVersion} ${m.kind}`, m]),
);

const text = readFileSync(process.argv[2] ?? 0, "utf8");
// YAML 1.1, as Kubernetes' YAML decoder reads manifests: an unquoted yes/no/on/off is a boolean there too.
const documents = parseAllDocuments(text, { version: "1.1" });
const results = [...documents].map(check).filter((r) => r !== null);

for (const { line } of results) {
  console.log(line);
}

if (results.length === 0) {
  console.log("error: the stream holds no document");
  process.exitCode = 1;
} else if (results.some((r) => r.status !== "ok")) {
  process.exitCode = 1;
}

function check(document, index) {
  if (document.errors.length > 0) {
    return { status: "error", line: `error document ${index + 1}: ${oneLine(document.errors.map((e) => e.message).join("; "))}` };
  }

  const object = document.toJS();
  if (object === null || object === undefined) {
    return null; // a stream's empty document (a trailing ---), not an object
  }

  if (typeof object !== "object" || Array.isArray(object)) {
    return { status: "error", line: `error document ${index + 1}: not a mapping` };
  }

  const id = `${object.kind ?? "(no kind)"}/${object.metadata?.name ?? "(no name)"}`;
  const model = models.get(`${object.apiVersion} ${object.kind}`);
  if (model === undefined) {
    const known = [...models.keys()].join(", ");
    return { status: "unknown", line: `unknown ${id}: no schema here for apiVersion ${object.apiVersion} kind ${object.kind} (known: ${known})` };
  }

  try {
    new model(object).validate();
    return { status: "ok", line: `ok ${id}` };
  } catch (error) {
    const details = Array.isArray(error.errors)
      ? error.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")
      : error.message;
    return { status: "invalid", line: `invalid ${id}: ${oneLine(details)}` };
  }
}

function oneLine(message) {
  return message.replace(/\s*\n\s*/g, " ");
}
