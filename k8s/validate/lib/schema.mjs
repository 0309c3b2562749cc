// Schema check of one rendered document with the kubernetes-models classes (ajv, compiled from the
// Kubernetes OpenAPI schema; KEDA's from its CRD types): types, required fields, enums, formats
// such as quantities. Unknown fields pass here; typecheck.mjs catches those.

/** Where the model class for an apiVersion lives; an unknown group fails rather than being skipped. */
export function modelModule(apiVersion) {
  if (typeof apiVersion !== "string" || apiVersion === "") {
    return null;
  }
  if (apiVersion.startsWith("keda.sh/")) {
    return `@kubernetes-models/keda/${apiVersion}`;
  }
  // Core ("v1") and every built-in group ("apps/v1", "autoscaling/v2", ...).
  return `kubernetes-models/${apiVersion}`;
}

/** Errors of one document, as strings naming the field path; empty when it is valid. */
export async function schemaErrors(doc) {
  const module = modelModule(doc?.apiVersion);
  if (module === null) {
    return [`apiVersion missing or not a string, found ${JSON.stringify(doc?.apiVersion)}`];
  }
  let models;
  try {
    models = await import(module);
  } catch (e) {
    return [`no schema for apiVersion ${doc.apiVersion} (${module} does not load: ${e.message.split("\n")[0]})`];
  }
  const Model = models[doc.kind];
  if (typeof Model !== "function") {
    return [`no schema for kind ${doc.kind} in ${doc.apiVersion} (${module})`];
  }
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    // ajv's message lists every failure, comma-separated, each with its data path.
    return e.message.split(/, (?=data\/|data )/).map((m) => m.replace(/^data/, "") || e.message);
  }
}
