// trialstream's own rules for one render (the output of one overlay): what no schema can know —
// that the processes get the options they need, that probes, Services and Prometheus point at the
// port the process listens on, that workers have time to hand their trial back, and that the
// autoscaler reads the right topic and group and never asks for more slots than partitions.

export const WORKER = "trialstream-worker";
export const AGGREGATOR = "trialstream-aggregator";
// What a worker does after SIGTERM before it exits (worker module): waits up to 60 s for the
// in-flight trial's epoch boundary (WorkerConfig.handBackWait), then closes its consumer and its
// producer with 10 s each (TrialSlot).
export const HAND_BACK_SECONDS = 60 + 10 + 10;

const CLUSTER_SCOPED = new Set(["Namespace"]);

/** Runs every rule on one render; returns [{ok, message}] (ok false = the render is wrong). */
export function checkRender(docs) {
  const c = new Checks();
  const index = new Index(docs, c);
  const namespace = checkNamespace(index, c);
  const worker = checkWorkload(index, c, "Deployment", WORKER, "worker");
  const aggregator = checkWorkload(index, c, "StatefulSet", AGGREGATOR, "aggregator");
  if (worker) {
    checkWorker(index, c, worker);
  }
  if (aggregator) {
    checkAggregator(index, c, aggregator);
  }
  if (worker && aggregator) {
    for (const option of ["--bootstrap", "--topic-prefix", "--trial-partitions"]) {
      c.expect(worker.options.get(option) === aggregator.options.get(option),
        `worker and aggregator agree on ${option} (${worker.options.get(option)})`,
        `worker ${option} is ${worker.options.get(option)} but aggregator ${option} is ${aggregator.options.get(option)}`);
    }
  }
  checkServices(index, c, [worker, aggregator].filter(Boolean));
  if (worker) {
    checkAutoscaling(index, c, worker);
  }
  c.expect(namespace !== null, `all namespaced objects in namespace ${namespace}`, null);
  return c.results;
}

class Checks {
  results = [];

  expect(condition, okMessage, failMessage) {
    if (condition) {
      if (okMessage) {
        this.results.push({ ok: true, message: okMessage });
      }
    } else if (failMessage) {
      this.results.push({ ok: false, message: failMessage });
    }
    return Boolean(condition);
  }

  fail(message) {
    this.results.push({ ok: false, message });
  }
}

class Index {
  constructor(docs, c) {
    this.docs = docs;
    const seen = new Set();
    for (const d of docs) {
      const id = `${d?.kind}/${d?.metadata?.name}`;
      c.expect(!seen.has(id), null, `${id} appears twice`);
      seen.add(id);
    }
  }

  all(kind) {
    return this.docs.filter((d) => d?.kind === kind);
  }

  find(kind, name) {
    return this.docs.find((d) => d?.kind === kind && d?.metadata?.name === name) ?? null;
  }
}

function checkNamespace(index, c) {
  const namespaces = index.all("Namespace");
  if (!c.expect(namespaces.length === 1, null, `expected one Namespace, found ${namespaces.length}`)) {
    return null;
  }
  const name = namespaces[0].metadata.name;
  let all = true;
  for (const d of index.docs) {
    if (!CLUSTER_SCOPED.has(d.kind) && d.metadata?.namespace !== name) {
      c.fail(`${d.kind}/${d.metadata?.name}: metadata.namespace is ${JSON.stringify(d.metadata?.namespace)}, expected "${name}" (the render's Namespace)`);
      all = false;
    }
  }
  return all ? name : null;
}

/** The first container of a workload with its resolved environment and parsed options. */
function checkWorkload(index, c, kind, name, command) {
  const w = index.find(kind, name);
  if (!c.expect(w !== null, null, `no ${kind}/${name} in the render`)) {
    return null;
  }
  const where = `${kind}/${name}`;
  const pod = w.spec?.template ?? {};
  const container = pod.spec?.containers?.[0];
  if (!c.expect(container, null, `${where}: no container`)) {
    return null;
  }
  const selector = w.spec?.selector?.matchLabels ?? {};
  const labels = pod.metadata?.labels ?? {};
  const mismatched = Object.entries(selector).filter(([k, v]) => labels[k] !== v).map(([k]) => k);
  c.expect(Object.keys(selector).length > 0 && mismatched.length === 0,
    `${where}: selector matches its pod template labels`,
    `${where}: spec.selector.matchLabels ${JSON.stringify(selector)} does not match template labels ${JSON.stringify(labels)}`);

  const env = resolveEnv(index, c, where, container);
  const args = (container.args ?? []).map((a, i) => {
    const expanded = expand(a, env);
    c.expect(!/\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(expanded), null,
      `${where}: args[${i}] ${JSON.stringify(a)} refers to a variable the container does not define`);
    return expanded;
  });
  c.expect(args[0] === command, `${where}: runs \`${command}\``,
    `${where}: args[0] is ${JSON.stringify(args[0])}, expected "${command}"`);
  const options = parseOptions(args.slice(1), c, where);
  const config = configMapData(index, container);
  for (const [option, key] of [["--bootstrap", "KAFKA_BOOTSTRAP"], ["--topic-prefix", "TOPIC_PREFIX"],
    ["--trial-partitions", "TRIAL_PARTITIONS"]]) {
    c.expect(config[key] !== undefined && config[key] !== "" && options.get(option) === config[key],
      `${where}: ${option} ${options.get(option)} (from the ConfigMap's ${key})`,
      `${where}: ${option} is ${JSON.stringify(options.get(option))}, expected the ConfigMap's ${key} (${JSON.stringify(config[key])})`);
  }
  const httpPort = integer(options.get("--http-port"));
  c.expect(httpPort !== null, null, `${where}: --http-port missing or not an integer (${options.get("--http-port")})`);
  const ports = container.ports ?? [];
  c.expect(ports.some((p) => p.containerPort === httpPort),
    `${where}: containerPort ${httpPort} = --http-port`,
    `${where}: no containerPort ${httpPort} for --http-port (ports: ${JSON.stringify(ports)})`);
  const portOf = (ref) => (typeof ref === "number" ? ref : ports.find((p) => p.name === ref)?.containerPort ?? null);
  for (const [probe, path] of [["livenessProbe", "/health/live"], ["readinessProbe", "/health/ready"]]) {
    const get = container[probe]?.httpGet;
    c.expect(get && get.path === path && portOf(get.port) === httpPort,
      `${where}: ${probe} GET ${path} on port ${httpPort}`,
      `${where}: ${probe} must be httpGet ${path} on port ${httpPort}, found ${JSON.stringify(container[probe] ?? null)}`);
  }
  const annotations = pod.metadata?.annotations ?? {};
  c.expect(annotations["prometheus.io/scrape"] === "true" && annotations["prometheus.io/path"] === "/metrics"
      && annotations["prometheus.io/port"] === String(httpPort),
    `${where}: Prometheus scrapes /metrics on ${httpPort}`,
    `${where}: pod annotations prometheus.io/scrape "true", path "/metrics", port "${httpPort}" expected, found ${JSON.stringify(annotations)}`);
  const preStop = preStopSeconds(container);
  const grace = pod.spec?.terminationGracePeriodSeconds;
  c.expect(preStop !== null, null, `${where}: no lifecycle.preStop (sleep) hook`);
  c.expect(Number.isInteger(grace) && preStop !== null && grace > preStop,
    `${where}: terminationGracePeriodSeconds ${grace} > preStop ${preStop} s`,
    `${where}: terminationGracePeriodSeconds ${grace} must exceed the preStop pause (${preStop} s)`);
  checkKafkaConfig(c, where, pod, container, options);
  const nonRoot = pod.spec?.securityContext?.runAsNonRoot === true || container.securityContext?.runAsNonRoot === true;
  c.expect(nonRoot, `${where}: runs as non-root`, `${where}: runAsNonRoot is not set`);
  return { kind, name, where, doc: w, pod, container, env, options, config, httpPort, preStop, grace };
}

/**
 * --kafka-config (client properties, often secrets) must be a file the container has: in a
 * volume mounted from a Secret, never a ConfigMap or the image.
 */
function checkKafkaConfig(c, where, pod, container, options) {
  const file = options.get("--kafka-config");
  if (file === undefined) {
    return;
  }
  const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath.replace(/\/$/, "")}/`));
  const volume = (pod.spec?.volumes ?? []).find((v) => v.name === mount?.name);
  c.expect(volume?.secret?.secretName !== undefined,
    `${where}: --kafka-config ${file} from Secret ${volume?.secret?.secretName}`,
    `${where}: --kafka-config ${file} must be in a volume mounted from a Secret (mount ${JSON.stringify(mount ?? null)}, volume ${JSON.stringify(volume ?? null)})`);
}

function checkWorker(index, c, w) {
  const { where, container, options, config, pod } = w;
  const slots = integer(options.get("--slots"));
  if (!c.expect(slots !== null && slots >= 1, null, `${where}: --slots missing or not a positive integer (${options.get("--slots")})`)) {
    return;
  }
  w.slots = slots;
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const gpus = limits["nvidia.com/gpu"];
  if (gpus !== undefined) {
    c.expect(requests["nvidia.com/gpu"] === undefined, `${where}: nvidia.com/gpu under limits only`,
      `${where}: nvidia.com/gpu must be under limits only, found under requests too`);
    c.expect(integer(gpus) === slots, `${where}: --slots ${slots} = nvidia.com/gpu ${gpus} (one slot per GPU)`,
      `${where}: --slots ${slots} but nvidia.com/gpu ${gpus}: one slot per GPU`);
    const selector = pod.spec?.nodeSelector ?? {};
    c.expect(Object.keys(selector).length > 0 || pod.spec?.affinity?.nodeAffinity,
      `${where}: placed on GPU nodes (${JSON.stringify(selector)})`, `${where}: a GPU worker needs a nodeSelector or node affinity for GPU nodes`);
    c.expect((pod.spec?.tolerations ?? []).some((t) => t.key === "nvidia.com/gpu"),
      `${where}: tolerates the nvidia.com/gpu taint`, `${where}: no toleration for the nvidia.com/gpu taint of GPU nodes`);
    c.expect(/gpu/.test(container.image ?? ""), `${where}: GPU image ${container.image}`,
      `${where}: requests a GPU but runs image ${container.image}, not the GPU image`);
  } else {
    const cpu = cores(requests.cpu);
    c.expect(cpu !== null && cpu === slots, `${where}: --slots ${slots} = requests.cpu ${requests.cpu} (one slot per core)`,
      `${where}: --slots ${slots} but requests.cpu ${requests.cpu}: one slot per requested core`);
    c.expect(!/gpu/.test(container.image ?? ""), `${where}: CPU image ${container.image}`,
      `${where}: no GPU requested but image ${container.image} is the GPU image`);
  }
  const needed = (w.preStop ?? 0) + HAND_BACK_SECONDS;
  c.expect(Number.isInteger(w.grace) && w.grace >= needed,
    `${where}: grace ${w.grace} s >= preStop ${w.preStop} s + hand-back ${HAND_BACK_SECONDS} s`,
    `${where}: terminationGracePeriodSeconds ${w.grace} < preStop ${w.preStop} s + ${HAND_BACK_SECONDS} s the worker may need to hand its trial back`);
  c.expect(Object.keys(config).length > 0, null, `${where}: no ConfigMap found through envFrom`);
}

function checkAggregator(index, c, a) {
  const { where, doc, container, options, pod } = a;
  c.expect(doc.spec?.replicas === 1, `${where}: one replica`,
    `${where}: replicas ${doc.spec?.replicas}; the leaderboard endpoint serves only the searches its instance owns, so run one`);
  const stateDir = options.get("--state-dir");
  const mount = (container.volumeMounts ?? []).find((m) => m.mountPath === stateDir);
  const claims = (doc.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name);
  c.expect(stateDir && mount && claims.includes(mount.name),
    `${where}: --state-dir ${stateDir} on volumeClaimTemplate ${mount?.name}`,
    `${where}: --state-dir ${stateDir} must be the mountPath of a volumeClaimTemplate (mounts ${JSON.stringify(container.volumeMounts ?? [])}, claims ${JSON.stringify(claims)})`);
  const governing = index.find("Service", doc.spec?.serviceName);
  c.expect(governing && governing.spec?.clusterIP === "None",
    `${where}: governing Service ${doc.spec?.serviceName} is headless`,
    `${where}: serviceName ${doc.spec?.serviceName} must name a headless Service in the render`);
  c.expect(pod.spec?.securityContext?.fsGroup !== undefined, `${where}: fsGroup set (state volume writable by the non-root user)`,
    `${where}: no fsGroup: the non-root process may not be able to write its state volume`);
}

/** Every Service selects one workload's pods and targets ports its container has. */
function checkServices(index, c, workloads) {
  for (const s of index.all("Service")) {
    const where = `Service/${s.metadata?.name}`;
    const selector = s.spec?.selector ?? {};
    const matches = workloads.filter((w) => {
      const labels = w.pod.metadata?.labels ?? {};
      return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
    });
    if (!c.expect(matches.length === 1, null,
      `${where}: selector ${JSON.stringify(selector)} matches ${matches.length} workloads, expected 1`)) {
      continue;
    }
    const w = matches[0];
    const ports = w.container.ports ?? [];
    for (const p of s.spec?.ports ?? []) {
      const target = p.targetPort ?? p.port;
      const ok = typeof target === "number" ? ports.some((q) => q.containerPort === target) : ports.some((q) => q.name === target);
      c.expect(ok, `${where}: port ${p.port} -> ${w.where} ${target}`,
        `${where}: targetPort ${target} is not a port of ${w.where} (${JSON.stringify(ports)})`);
    }
  }
}

function checkAutoscaling(index, c, w) {
  const scaledObjects = index.all("ScaledObject");
  const hpas = index.all("HorizontalPodAutoscaler");
  if (!c.expect(scaledObjects.length + hpas.length === 1, null,
    `expected exactly one autoscaler for ${w.where}, found ${scaledObjects.length} ScaledObject(s) and ${hpas.length} HPA(s)`)) {
    return;
  }
  c.expect(w.doc.spec?.replicas === undefined, `${w.where}: no replica count (the autoscaler owns it)`,
    `${w.where}: spec.replicas ${w.doc.spec?.replicas} would reset the autoscaler's choice on every apply`);
  const partitions = integer(w.config.TRIAL_PARTITIONS);
  const slots = w.slots;
  if (scaledObjects.length === 1) {
    checkScaledObject(c, w, scaledObjects[0], partitions, slots);
  } else {
    checkHpa(c, w, hpas[0], partitions, slots);
  }
}

function checkScaledObject(c, w, so, partitions, slots) {
  const where = `ScaledObject/${so.metadata?.name}`;
  const spec = so.spec ?? {};
  const ref = spec.scaleTargetRef ?? {};
  c.expect(ref.name === w.name && (ref.kind ?? "Deployment") === "Deployment" && (ref.apiVersion ?? "apps/v1") === "apps/v1",
    `${where}: scaleTargetRef -> Deployment/${ref.name}`,
    `${where}: scaleTargetRef ${JSON.stringify(ref)} must name Deployment ${w.name}`);
  const trigger = spec.triggers?.[0];
  if (!c.expect(trigger?.type === "kafka" && spec.triggers.length === 1, `${where}: one trigger, type kafka`,
    `${where}: expected exactly one trigger of type kafka, found ${JSON.stringify((spec.triggers ?? []).map((t) => t.type))}`)) {
    return;
  }
  const md = trigger.metadata ?? {};
  // As KEDA does: a literal value, or <name>FromEnv naming a variable of the target's container.
  const param = (name) => {
    if (md[name] !== undefined) {
      return md[name];
    }
    const variable = md[`${name}FromEnv`];
    if (variable === undefined) {
      return undefined;
    }
    c.expect(w.env[variable] !== undefined, null,
      `${where}: triggers[0].metadata.${name}FromEnv names ${variable}, which container ${w.container.name} of ${w.where} does not define`);
    return w.env[variable];
  };
  const prefix = w.config.TOPIC_PREFIX;
  for (const [name, expected, why] of [
    ["bootstrapServers", w.config.KAFKA_BOOTSTRAP, "the ConfigMap's KAFKA_BOOTSTRAP"],
    ["topic", `${prefix}trials`, "the trials topic, TOPIC_PREFIX + trials"],
    ["consumerGroup", `${prefix}workers`, "the workers' group, TOPIC_PREFIX + workers"]]) {
    const value = param(name);
    c.expect(value === expected, `${where}: ${name} ${value}`,
      `${where}: ${name} resolves to ${JSON.stringify(value)}, expected ${JSON.stringify(expected)} (${why})`);
  }
  const lag = md.lagThreshold;
  c.expect(typeof lag === "string" && /^[1-9][0-9]*$/.test(lag) && Number(lag) === slots,
    `${where}: lagThreshold ${lag} = slots per pod (${slots})`,
    `${where}: lagThreshold ${JSON.stringify(lag)} must equal the worker's slots per pod (${slots}): one queued or running trial per slot`);
  c.expect(md.offsetResetPolicy === "earliest", `${where}: offsetResetPolicy earliest (as the workers)`,
    `${where}: offsetResetPolicy ${JSON.stringify(md.offsetResetPolicy)}; the workers start at the earliest offset, so must the lag`);
  c.expect(md.allowIdleConsumers !== "true" && md.allowIdleConsumers !== true, null,
    `${where}: allowIdleConsumers true lets KEDA add pods that get no partition`);
  // Workers on a secured Kafka: KEDA must authenticate too, or it reads no lag and never scales.
  if (w.options.has("--kafka-config")) {
    c.expect(trigger.authenticationRef?.name !== undefined && md.sasl !== undefined,
      `${where}: authenticates to Kafka (sasl ${md.sasl}, TriggerAuthentication ${trigger.authenticationRef?.name})`,
      `${where}: the workers use --kafka-config but the kafka trigger has no sasl and authenticationRef: KEDA could not read the lag`);
  }
  const max = spec.maxReplicaCount;
  const min = spec.minReplicaCount;
  c.expect(Number.isInteger(max) && partitions !== null && max <= partitions && max * slots <= partitions,
    `${where}: maxReplicaCount ${max} x ${slots} slots <= ${partitions} trials partitions`,
    `${where}: maxReplicaCount ${max} x ${slots} slots per pod exceeds the ${partitions} trials partitions (TRIAL_PARTITIONS): extra slots would get no partition`);
  c.expect((min === 0 || min === 1) && Number.isInteger(max) && min <= max, `${where}: minReplicaCount ${min}`,
    `${where}: minReplicaCount ${JSON.stringify(min)} must be set to 0 or 1 and at most maxReplicaCount`);
}

function checkHpa(c, w, hpa, partitions, slots) {
  const where = `HorizontalPodAutoscaler/${hpa.metadata?.name}`;
  const spec = hpa.spec ?? {};
  const ref = spec.scaleTargetRef ?? {};
  c.expect(ref.kind === "Deployment" && ref.name === w.name && ref.apiVersion === "apps/v1",
    `${where}: scaleTargetRef -> Deployment/${ref.name}`,
    `${where}: scaleTargetRef ${JSON.stringify(ref)} must name apps/v1 Deployment ${w.name}`);
  const max = spec.maxReplicas;
  c.expect(Number.isInteger(max) && partitions !== null && max * slots <= partitions,
    `${where}: maxReplicas ${max} x ${slots} slots <= ${partitions} trials partitions`,
    `${where}: maxReplicas ${max} x ${slots} slots per pod exceeds the ${partitions} trials partitions (TRIAL_PARTITIONS)`);
  const cpuMetric = (spec.metrics ?? []).some((m) => m.type === "Resource" && m.resource?.name === "cpu");
  if (cpuMetric) {
    c.expect(cores(w.container.resources?.requests?.cpu) !== null, `${where}: CPU utilisation of requests.cpu ${w.container.resources?.requests?.cpu}`,
      `${where}: scales on CPU utilisation but ${w.where} requests no CPU`);
  }
}

function configMapData(index, container) {
  const data = {};
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    Object.assign(data, index.find("ConfigMap", name)?.data ?? {});
  }
  return data;
}

/** The container's environment as Kubernetes (and KEDA) build it: envFrom first, then env, with $(VAR) references. */
function resolveEnv(index, c, where, container) {
  const env = {};
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name ?? source.secretRef?.name;
    if (source.configMapRef) {
      const cm = index.find("ConfigMap", name);
      if (c.expect(cm !== null, null, `${where}: envFrom configMapRef ${name} is not in the render`)) {
        Object.assign(env, cm.data ?? {});
      }
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = expand(e.value, env);
    }
  }
  return env;
}

/** Kubernetes' $(VAR) expansion: defined variables are replaced, others left as written, $$ escapes. */
export function expand(value, env) {
  return String(value).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
    (match, name) => (match === "$$" ? "$" : env[name] !== undefined ? env[name] : match));
}

function parseOptions(args, c, where) {
  const options = new Map();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) {
      c.fail(`${where}: unexpected argument ${JSON.stringify(a)} (expected --option value pairs)`);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) {
      options.set(a.slice(0, eq), a.slice(eq + 1));
    } else {
      options.set(a, args[i + 1]);
      i++;
    }
  }
  return options;
}

function preStopSeconds(container) {
  const preStop = container.lifecycle?.preStop;
  if (!preStop) {
    return null;
  }
  if (preStop.sleep?.seconds !== undefined) {
    return preStop.sleep.seconds;
  }
  const command = preStop.exec?.command ?? [];
  return command[0] === "sleep" && /^\d+$/.test(command[1] ?? "") ? Number(command[1]) : null;
}

function integer(value) {
  if (typeof value === "number") {
    return Number.isInteger(value) ? value : null;
  }
  return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : null;
}

/** A CPU quantity in cores ("2", "1.5", "500m"), or null. */
export function cores(quantity) {
  if (typeof quantity === "number") {
    return quantity;
  }
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity ?? "");
  return m ? Number(m[1]) / (m[2] ? 1000 : 1) : null;
}
