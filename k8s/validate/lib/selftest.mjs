// Deliberate breakages for `validate.mjs --self-test`: each copies a good render, breaks one thing
// a real mistake would break, and names the failure the checks must report. A check that cannot
// fail is no check.
import { AGGREGATOR, WORKER } from "./rules.mjs";

const find = (docs, kind, name) => {
  const d = docs.find((x) => x.kind === kind && (name === undefined || x.metadata?.name === name));
  if (!d) {
    throw new Error(`self-test: no ${kind}${name ? `/${name}` : ""} in the render to break`);
  }
  return d;
};
const worker = (docs) => find(docs, "Deployment", WORKER).spec.template.spec.containers[0];
const trigger = (docs) => find(docs, "ScaledObject").spec.triggers[0];
const setArg = (container, option, value) => {
  const i = container.args.indexOf(option);
  if (i < 0) {
    throw new Error(`self-test: ${option} not in the args to break`);
  }
  container.args[i + 1] = value;
};

export function mutations() {
  return [
    { id: "port-as-string", render: "cpu", what: "a containerPort written as a string",
      expect: /schema .*containerPort must be integer/,
      apply: (d) => { worker(d).ports[0].containerPort = "8080"; } },
    { id: "missing-container-name", render: "cpu", what: "a container without its required name",
      expect: /schema apps\/v1: \/spec\/template\/spec\/containers\/0 must have required property name/,
      apply: (d) => { delete worker(d).name; } },
    { id: "unknown-field", render: "cpu", what: "a misspelt field (livenessProbes)",
      expect: /TypeScript interface: \/spec\/template\/spec\/containers\/0\/livenessProbes: .*does not exist in type 'IContainer'/,
      apply: (d) => { const c = worker(d); c.livenessProbes = c.livenessProbe; delete c.livenessProbe; } },
    { id: "keda-lag-as-number", render: "cpu", what: "a KEDA trigger metadata value that is not a string",
      expect: /schema keda\.sh\/v1alpha1: .*lagThreshold must be string/,
      apply: (d) => { trigger(d).metadata.lagThreshold = 2; } },
    { id: "keda-wrong-target", render: "cpu", what: "a ScaledObject aimed at another Deployment",
      expect: /scaleTargetRef .* must name Deployment trialstream-worker/,
      apply: (d) => { find(d, "ScaledObject").spec.scaleTargetRef.name = "worker"; } },
    { id: "keda-too-many-replicas", render: "gpu", what: "more worker slots than trials partitions",
      expect: /maxReplicaCount 9 x 1 slots per pod exceeds the 8 trials partitions/,
      apply: (d) => { find(d, "ScaledObject").spec.maxReplicaCount = 9; } },
    { id: "keda-wrong-topic", render: "cpu", what: "a trigger on another topic",
      expect: /topic resolves to "trialstream\.events", expected "trialstream\.trials"/,
      apply: (d) => { const m = trigger(d).metadata; delete m.topicFromEnv; m.topic = "trialstream.events"; } },
    { id: "keda-undefined-env", render: "cpu", what: "a FromEnv reference to a variable the worker lacks",
      expect: /consumerGroupFromEnv names GROUP, which container worker/,
      apply: (d) => { trigger(d).metadata.consumerGroupFromEnv = "GROUP"; } },
    { id: "keda-lag-not-slots", render: "gpu", what: "a lagThreshold other than the slots per pod",
      expect: /lagThreshold "5" must equal the worker's slots per pod \(1\)/,
      apply: (d) => { trigger(d).metadata.lagThreshold = "5"; } },
    { id: "slots-not-cores", render: "cpu", what: "more slots than requested cores",
      expect: /--slots 3 but requests\.cpu 2/,
      apply: (d) => { worker(d).env.find((e) => e.name === "WORKER_SLOTS").value = "3"; } },
    { id: "gpu-in-requests", render: "gpu", what: "nvidia.com/gpu under requests",
      expect: /nvidia\.com\/gpu must be under limits only/,
      apply: (d) => { worker(d).resources.requests["nvidia.com/gpu"] = 1; } },
    { id: "short-grace", render: "cpu", what: "a grace period too short to hand a trial back",
      expect: /terminationGracePeriodSeconds 30 < preStop 5 s \+ 80 s/,
      apply: (d) => { find(d, "Deployment", WORKER).spec.template.spec.terminationGracePeriodSeconds = 30; } },
    { id: "probe-wrong-port", render: "cpu", what: "a readiness probe on the aggregator's port",
      expect: /Deployment\/trialstream-worker: readinessProbe must be httpGet \/health\/ready on port 8080/,
      apply: (d) => { worker(d).readinessProbe.httpGet.port = 8081; } },
    { id: "undefined-arg-variable", render: "cpu", what: "an argument naming an undefined variable",
      expect: /args\[\d+\] "\$\(KAFKA_BOOTSTRAPS\)" refers to a variable/,
      apply: (d) => { setArg(worker(d), "--bootstrap", "$(KAFKA_BOOTSTRAPS)"); } },
    { id: "state-dir-not-mounted", render: "cpu", what: "an aggregator state dir outside its volume",
      expect: /--state-dir \/tmp\/state must be the mountPath of a volumeClaimTemplate/,
      apply: (d) => { setArg(find(d, "StatefulSet", AGGREGATOR).spec.template.spec.containers[0], "--state-dir", "/tmp/state"); } },
    { id: "service-wrong-selector", render: "cpu", what: "a Service that selects no pods",
      expect: /Service\/trialstream-worker-metrics: selector .* matches 0 workloads/,
      apply: (d) => { find(d, "Service", "trialstream-worker-metrics").spec.selector = { app: "worker" }; } },
    { id: "wrong-namespace", render: "gpu", what: "an object outside the render's namespace",
      expect: /ScaledObject\/trialstream-worker: metadata\.namespace is undefined/,
      apply: (d) => { delete find(d, "ScaledObject").metadata.namespace; } },
    { id: "kafka-config-not-secret", render: "cpu-sasl-ssl", what: "client properties from a ConfigMap, not a Secret",
      expect: /--kafka-config \/etc\/trialstream\/kafka\/client\.properties must be in a volume mounted from a Secret/,
      apply: (d) => {
        const volume = find(d, "Deployment", WORKER).spec.template.spec.volumes.find((v) => v.name === "kafka-client");
        volume.configMap = { name: "trialstream-worker-kafka" };
        delete volume.secret;
      } },
    { id: "keda-unauthenticated", render: "cpu-sasl-ssl", what: "a KEDA trigger without credentials on a secured Kafka",
      expect: /the workers use --kafka-config but the kafka trigger has no sasl and authenticationRef/,
      apply: (d) => { delete trigger(d).authenticationRef; } },
    { id: "hpa-and-keda", render: "cpu-hpa", what: "a second autoscaler on the workers",
      expect: /expected exactly one autoscaler .* found 1 ScaledObject\(s\) and 1 HPA\(s\)/,
      apply: (d) => {
        d.push({ apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject",
          metadata: { name: "extra", namespace: "trialstream" }, spec: { scaleTargetRef: { name: WORKER }, triggers: [] } });
      } },
  ];
}
