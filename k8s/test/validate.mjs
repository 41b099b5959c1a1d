// Offline validation of every Kustomize overlay of k8s/ (run by validate.sh, which installs
// the packages). For each rendered object:
//  - core Kubernetes kinds: the kubernetes-models JSON schemas (types, required fields,
//    formats, enums) plus an unknown-field check against @kubernetes/client-node's model
//    (a misspelt field such as "readinesProbe" fails instead of being silently dropped);
//  - KEDA and Prometheus-operator kinds: the kubernetes-models CRD schemas plus an
//    unknown-field check against the CRD package's field names;
//  - CloudNativePG, RabbitMQ and Keycloak operator kinds: hand-written structural schemas in
//    schemas/ (the fields Flowlens uses, unknown fields rejected); no published CRD schema is
//    installable from the registries this project may use;
//  - the rules of k8s/README.md ("Rules the validation enforces").
// Prints one line per failed check and a summary; the last line is "N passed, M failed".
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv from "ajv";
import * as k8sClient from "@kubernetes/client-node";

const here = dirname(fileURLToPath(import.meta.url));
const k8sDir = process.env.FLOWLENS_K8S_DIR || join(here, "..");
const verbose = process.argv.includes("-v");
let passed = 0, failed = 0;
const stats = {};
function check(group, name, fn) {
  let problems;
  try { problems = fn(); } catch (e) { problems = [String(e && e.message || e)]; }
  if (problems === undefined || problems === true) problems = [];
  if (problems === false) problems = ["failed"];
  if (!Array.isArray(problems)) problems = [String(problems)];
  stats[group] = stats[group] || { passed: 0, failed: 0 };
  if (problems.length === 0) { passed++; stats[group].passed++; if (verbose) console.log(`  ok   ${name}`); }
  else { failed++; stats[group].failed++; console.log(`  FAIL ${name}: ${problems.slice(0, 5).join("; ")}`); }
}

// ---------- render ----------
const overlaysDir = join(k8sDir, "overlays");
const overlays = readdirSync(overlaysDir).filter((d) => existsSync(join(overlaysDir, d, "kustomization.yaml"))).sort();
const rendered = {};
for (const o of overlays) {
  check("render", `render overlays/${o}`, () => {
    const out = execFileSync("kubectl", ["kustomize", join(overlaysDir, o)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    rendered[o] = YAML.parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
    return rendered[o].length > 0 ? [] : ["rendered no objects"];
  });
}

// ---------- schemas ----------
const ajv = new Ajv({ allErrors: true, strict: false });
const crdSchemas = {};
for (const f of readdirSync(join(here, "schemas"))) crdSchemas[f.replace(/\.json$/, "")] = ajv.compile(JSON.parse(readFileSync(join(here, "schemas", f), "utf8")));

const modelPath = (apiVersion, kind) => {
  const [g, v] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  if (g === "keda.sh") return `@kubernetes-models/keda/keda.sh/${v}/${kind}`;
  if (g === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${v}/${kind}`;
  return `kubernetes-models/${g ? g + "/" : ""}${v}/${kind}`;
};
const crdVocabulary = {};
function vocabulary(pkg) {
  if (!crdVocabulary[pkg]) {
    const words = new Set(["apiVersion", "kind", "metadata", "spec"]);
    // the CRD package's own schemas, plus ObjectMeta/LabelSelector from apimachinery
    for (const dir of [join(here, "node_modules", pkg, "_schemas"), join(here, "node_modules", "@kubernetes-models", "apimachinery", "_schemas")])
    for (const f of readdirSync(dir)) for (const m of readFileSync(join(dir, f), "utf8").matchAll(/parentDataProperty:"([^"]+)"/g)) words.add(m[1]);
    crdVocabulary[pkg] = words;
  }
  return crdVocabulary[pkg];
}
// Unknown fields against client-node's models: typed walk from the kind's class.
function unknownCoreFields(obj, typeName, path, out) {
  if (obj === null || obj === undefined) return;
  let m;
  if ((m = /^Array<(.+)>$/.exec(typeName))) { if (Array.isArray(obj)) obj.forEach((x, i) => unknownCoreFields(x, m[1], `${path}[${i}]`, out)); return; }
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(typeName))) { if (typeof obj === "object") for (const [k, x] of Object.entries(obj)) unknownCoreFields(x, m[1], `${path}.${k}`, out); return; }
  const cls = k8sClient[typeName];
  if (!cls || typeof cls.getAttributeTypeMap !== "function" || typeof obj !== "object" || Array.isArray(obj)) return;
  const attrs = new Map(cls.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [k, x] of Object.entries(obj)) {
    if (!attrs.has(k)) out.push(`unknown field ${path}.${k}`);
    else unknownCoreFields(x, attrs.get(k), `${path}.${k}`, out);
  }
}
function unknownCrdFields(obj, words, path, out) {
  if (Array.isArray(obj)) { obj.forEach((x, i) => unknownCrdFields(x, words, `${path}[${i}]`, out)); return; }
  if (!obj || typeof obj !== "object") return;
  for (const [k, x] of Object.entries(obj)) {
    if (!words.has(k)) out.push(`unknown field ${path}.${k}`);
    // maps with user-chosen keys: labels, annotations, label selectors, a KEDA trigger's metadata
    const freeForm = ["labels", "annotations", "matchLabels"].includes(k) || (k === "metadata" && /\.triggers\[\d+\]$/.test(path));
    if (!freeForm) unknownCrdFields(x, words, `${path}.${k}`, out);
  }
}

async function schemaCheck(overlay, o) {
  const id = `${o.kind}/${o.metadata?.name}`;
  const crdKey = `${(o.apiVersion || "").replace("/", "_")}_${o.kind}`;
  if (crdSchemas[crdKey]) {
    check("schema", `[${overlay}] ${id}: operator CR structural schema`, () => {
      const v = crdSchemas[crdKey];
      return v(o) ? [] : v.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? " (" + e.params.additionalProperty + ")" : ""}`);
    });
    return;
  }
  let Model;
  try { Model = (await import(modelPath(o.apiVersion, o.kind)))[o.kind]; } catch { Model = undefined; }
  if (!Model) { check("schema", `[${overlay}] ${id}: known kind`, () => [`no schema for ${o.apiVersion} ${o.kind}`]); return; }
  check("schema", `[${overlay}] ${id}: Kubernetes schema (${o.apiVersion})`, () => {
    const problems = [];
    try { new Model(o).validate(); } catch (e) { problems.push(String(e.message)); }
    const g = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
    if (g === "keda.sh") unknownCrdFields(o, vocabulary("@kubernetes-models/keda"), "", problems);
    else if (g === "monitoring.coreos.com") unknownCrdFields(o, vocabulary("@kubernetes-models/prometheus-operator"), "", problems);
    else {
      const v = o.apiVersion.split("/").pop();
      const cls = v.charAt(0).toUpperCase() + v.slice(1) + o.kind;
      if (!k8sClient[cls]) problems.push(`no client-node model ${cls}`);
      else unknownCoreFields(o, cls, "", problems);
    }
    return problems;
  });
}

// ---------- rules ----------
const PLACEHOLDER = /^(change-?me.*|placeholder|replace-?me.*|<[^>]+>|\$\{[A-Z0-9_]+\}|x{3,}|)$/i;
const SECRETISH = /(pass(word)?|secret|token|credential|api[-_]?key|private[-_]?key)/i;
const podSpecOf = (o) => o.spec?.template?.spec;
const matches = (selector, labels) => selector && Object.entries(selector.matchLabels || {}).every(([k, v]) => labels?.[k] === v) && Object.keys(selector.matchLabels || {}).length > 0;
const durationSeconds = (d) => { const m = /^(\d+)(ms|s|m)?$/.exec(String(d || "")); if (!m) return NaN; return m[2] === "ms" ? +m[1] / 1000 : m[2] === "m" ? +m[1] * 60 : +m[1]; };

// ---------- memory: exit on OutOfMemoryError, metrics-service sized by docs/sizing.md ----------
const SERVICES = ["gateway", "ingest-service", "metrics-service"];
const OOM_FLAG = "-XX:+ExitOnOutOfMemoryError";
const JVM_OPTION_VARS = ["JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "JAVA_OPTS_APPEND"];
const isNativeImage = (image) => /-native(@|$)/.test(image || "");
const lastExitFlag = (words) => words.filter((w) => /^-XX:[+-]ExitOnOutOfMemoryError$/.test(w)).pop();
// Every container of a service: a native image gets the flag in args (appended to the image's ENTRYPOINT);
// a JVM image in a JVM options variable and no args (run-java.sh would hand them to the application).
function oomProblems(ps) {
  const p = [];
  for (const c of [...(ps.initContainers || []), ...ps.containers]) {
    if (isNativeImage(c.image)) {
      if (lastExitFlag([...(c.command || []), ...(c.args || [])]) !== OOM_FLAG) p.push(`container ${c.name} (native ${c.image}): ${OOM_FLAG} not in args`);
    } else {
      const words = (c.env || []).filter((e) => JVM_OPTION_VARS.includes(e.name)).flatMap((e) => String(e.value || "").split(/\s+/));
      if (lastExitFlag(words) !== OOM_FLAG) p.push(`container ${c.name} (JVM ${c.image}): ${OOM_FLAG} not in ${JVM_OPTION_VARS.join("/")}`);
      if ((c.args || []).length) p.push(`container ${c.name} (JVM ${c.image}): args ${JSON.stringify(c.args)} would reach the application, not the JVM`);
    }
  }
  return p;
}
// docs/sizing.md: heap >= (fixed + items x bytes/item) / live share; limit >= heap + the process's other memory.
const SIZING = { bytesPerItem: 680, fixedMiB: 40, liveShare: 0.7, otherMiB: { jvm: 165, native: 64 } };
const MIB = 1024 * 1024;
const mebibytes = (q) => { const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(String(q || "")); if (!m) return NaN; return +m[1] * ({ Ki: 1 / 1024, Mi: 1, Gi: 1024 }[m[2]] ?? 1 / MIB); };
function sizingProblems(d) {
  const items = Number(d.metadata.annotations?.["flowlens.dev/sized-for-items"]);
  if (!(items > 0)) return ["no annotation flowlens.dev/sized-for-items (the item count its memory is sized for)"];
  const c = d.spec.template.spec.containers[0], limit = mebibytes(c.resources?.limits?.memory), p = [];
  if (isNaN(limit)) return [`memory limit ${c.resources?.limits?.memory} not in Ki/Mi/Gi`];
  if (mebibytes(c.resources?.requests?.memory) !== limit) p.push("memory request differs from the limit");
  let heap;
  if (isNativeImage(c.image)) {
    const xmx = (c.args || []).map((a) => /^-Xmx(\d+)([mg])$/.exec(a)).filter(Boolean).pop();
    if (!xmx) return [...p, "native image without -Xmx<n>m|g in args"];
    heap = +xmx[1] * (xmx[2] === "g" ? 1024 : 1);
  } else {
    const ratio = Number((c.env || []).find((e) => e.name === "JAVA_MAX_MEM_RATIO")?.value);
    if (!(ratio > 0 && ratio <= 100)) return [...p, "JVM image without JAVA_MAX_MEM_RATIO"];
    heap = limit * ratio / 100;
  }
  const need = (SIZING.fixedMiB + items * SIZING.bytesPerItem / MIB) / SIZING.liveShare;
  const other = SIZING.otherMiB[isNativeImage(c.image) ? "native" : "jvm"];
  if (heap < need) p.push(`heap ${heap.toFixed(0)} MiB < ${need.toFixed(0)} MiB needed for ${items} items`);
  if (limit - heap < other) p.push(`limit ${limit} MiB leaves ${(limit - heap).toFixed(0)} MiB beside the heap, < ${other} MiB`);
  return p;
}

function ruleChecks(overlay, objs) {
  const deployments = objs.filter((o) => o.kind === "Deployment");
  check("memory", `[${overlay}] Deployments of ${SERVICES.join(", ")} are all rendered`, () =>
    SERVICES.filter((s) => !deployments.some((d) => d.metadata.name === s)).map((s) => `no Deployment ${s}`));
  const byKind = (k) => objs.filter((o) => o.kind === k);
  for (const d of deployments) {
    const ps = podSpecOf(d), labels = d.spec.template.metadata?.labels || {}, name = d.metadata.name;
    const cms = byKind("ConfigMap");
    for (const c of [...(ps.initContainers || []), ...ps.containers]) {
      const cid = `[${overlay}] Deployment/${name} container ${c.name}`;
      check("probes", `${cid}: startup/liveness/readiness probes on /q/health/started|live|ready`, () => {
        const want = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };
        return Object.entries(want).filter(([p, path]) => c[p]?.httpGet?.path !== path).map(([p, path]) => `${p} is not an httpGet on ${path}`);
      });
      check("resources", `${cid}: cpu and memory requests and limits`, () =>
        ["requests", "limits"].flatMap((r) => ["cpu", "memory"].filter((x) => !c.resources?.[r]?.[x]).map((x) => `missing resources.${r}.${x}`)));
      check("security", `${cid}: non-root, read-only root fs, no privilege escalation, ALL capabilities dropped, seccomp`, () => {
        const sc = c.securityContext || {}, psc = ps.securityContext || {}, p = [];
        if (!(sc.runAsNonRoot ?? psc.runAsNonRoot)) p.push("runAsNonRoot not true");
        if ((sc.runAsUser ?? psc.runAsUser) === 0) p.push("runAsUser 0");
        if (sc.readOnlyRootFilesystem !== true) p.push("readOnlyRootFilesystem not true");
        if (sc.allowPrivilegeEscalation !== false) p.push("allowPrivilegeEscalation not false");
        if (sc.privileged) p.push("privileged");
        if (!(sc.capabilities?.drop || []).includes("ALL")) p.push("capabilities.drop lacks ALL");
        if ((sc.capabilities?.add || []).length) p.push("capabilities.add not empty");
        if ((sc.seccompProfile?.type ?? psc.seccompProfile?.type) !== "RuntimeDefault") p.push("seccompProfile not RuntimeDefault");
        if (!(c.volumeMounts || []).some((m) => m.mountPath === "/tmp" && (ps.volumes || []).some((v) => v.name === m.name && v.emptyDir))) p.push("no emptyDir at /tmp");
        return p;
      });
      check("images", `${cid}: image pinned to a tag that is not latest`, () => {
        const m = /^(.*?)(?::([^:/@]+))?(@sha256:[a-f0-9]{64})?$/.exec(c.image || "");
        if (!m || (!m[2] && !m[3])) return [`image ${c.image} has no tag`];
        if (m[2] === "latest") return [`image ${c.image} uses latest`];
        return [];
      });
      check("secrets", `${cid}: no literal secret values in env`, () =>
        (c.env || []).filter((e) => SECRETISH.test(e.name) && e.value !== undefined && !PLACEHOLDER.test(e.value)).map((e) => `${e.name} has a literal value`));
      check("shutdown", `${cid}: grace period covers preStop + QUARKUS_SHUTDOWN_TIMEOUT`, () => {
        const envCm = (c.envFrom || []).map((e) => cms.find((cm) => cm.metadata.name === e.configMapRef?.name)).filter(Boolean);
        const fromEnv = (c.env || []).find((e) => e.name === "QUARKUS_SHUTDOWN_TIMEOUT")?.value;
        const timeout = durationSeconds(fromEnv ?? envCm.map((cm) => cm.data?.QUARKUS_SHUTDOWN_TIMEOUT).find(Boolean));
        const pre = c.lifecycle?.preStop?.sleep?.seconds || 0, grace = ps.terminationGracePeriodSeconds ?? 30;
        if (isNaN(timeout)) return ["QUARKUS_SHUTDOWN_TIMEOUT not set"];
        return pre + timeout < grace ? [] : [`preStop ${pre}s + shutdown ${timeout}s >= grace ${grace}s`];
      });
      check("references", `${cid}: referenced ConfigMaps exist`, () =>
        (c.envFrom || []).filter((e) => e.configMapRef && !e.configMapRef.optional && !cms.some((cm) => cm.metadata.name === e.configMapRef.name)).map((e) => `ConfigMap ${e.configMapRef.name} missing`));
    }
    if (SERVICES.includes(name)) check("memory", `[${overlay}] Deployment/${name}: exits on OutOfMemoryError`, () => oomProblems(ps));
    if (name === "metrics-service") check("memory", `[${overlay}] Deployment/${name}: heap and limit hold the items it is sized for (docs/sizing.md)`, () => sizingProblems(d));
    check("network", `[${overlay}] Deployment/${name}: a NetworkPolicy selects its pods for Ingress and Egress`, () => {
      const np = byKind("NetworkPolicy").filter((n) => matches(n.spec.podSelector, labels));
      if (!np.length) return ["no NetworkPolicy selects its pods"];
      const types = new Set(np.flatMap((n) => n.spec.policyTypes || []));
      return ["Ingress", "Egress"].filter((t) => !types.has(t)).map((t) => `no ${t} policy`);
    });
    check("monitoring", `[${overlay}] Deployment/${name}: Service + ServiceMonitor scraping /q/metrics`, () => {
      const svc = byKind("Service").find((s) => matches({ matchLabels: s.spec.selector }, labels));
      if (!svc) return ["no Service selects its pods"];
      const sm = byKind("ServiceMonitor").find((m) => matches(m.spec.selector, svc.metadata.labels));
      if (!sm) return [`no ServiceMonitor selects Service ${svc.metadata.name}`];
      return sm.spec.endpoints.some((e) => e.path === "/q/metrics") ? [] : ["ServiceMonitor does not scrape /q/metrics"];
    });
    if (overlay.startsWith("prod")) {
      check("prod", `[${overlay}] Deployment/${name}: PodDisruptionBudget, podAntiAffinity, >= 2 replicas`, () => {
        const p = [];
        if (!byKind("PodDisruptionBudget").some((b) => matches(b.spec.selector, labels))) p.push("no PodDisruptionBudget");
        if (!ps.affinity?.podAntiAffinity) p.push("no podAntiAffinity");
        if ((d.spec.replicas ?? 1) < 2) p.push("fewer than 2 replicas");
        return p;
      });
      check("prod", `[${overlay}] Deployment/${name}: autoscaled (HPA or KEDA ScaledObject)`, () => {
        const hpa = byKind("HorizontalPodAutoscaler").find((h) => h.spec.scaleTargetRef.kind === "Deployment" && h.spec.scaleTargetRef.name === name);
        const so = byKind("ScaledObject").find((s) => s.spec.scaleTargetRef.name === name);
        if (hpa && so) return ["both an HPA and a ScaledObject (KEDA owns its own HPA)"];
        if (!hpa && !so) return ["neither an HPA nor a ScaledObject"];
        if (so && name === "metrics-service" && !so.spec.triggers.some((t) => t.type === "rabbitmq" && t.metadata.queueName === "metrics.flow-events")) return ["ScaledObject does not scale on queue metrics.flow-events"];
        if (so && !(so.spec.minReplicaCount >= 1)) return ["ScaledObject may scale to zero (the service also serves reads)"];
        return [];
      });
    }
  }
  for (const s of byKind("Secret")) {
    check("secrets", `[${overlay}] Secret/${s.metadata.name}: only placeholder values`, () => {
      const p = [];
      for (const [k, v] of Object.entries(s.stringData || {})) if (!PLACEHOLDER.test(String(v))) p.push(`stringData.${k} is a literal value`);
      for (const [k, v] of Object.entries(s.data || {})) if (!PLACEHOLDER.test(Buffer.from(String(v), "base64").toString("utf8"))) p.push(`data.${k} is a literal value`);
      return p;
    });
  }
  for (const cm of byKind("ConfigMap")) {
    check("secrets", `[${overlay}] ConfigMap/${cm.metadata.name}: no secret-looking keys`, () =>
      Object.entries(cm.data || {}).filter(([k, v]) => SECRETISH.test(k) && !PLACEHOLDER.test(v)).map(([k]) => `${k} holds a secret-looking value`));
  }
  for (const ri of byKind("KeycloakRealmImport")) {
    const demo = overlay.startsWith("local");
    check("secrets", `[${overlay}] KeycloakRealmImport/${ri.metadata.name}: ${demo ? "demo realm allowed (local only)" : "no user passwords, client secrets only as placeholders"}`, () => {
      if (demo) return [];
      const r = ri.spec.realm, p = [];
      for (const u of r.users || []) if ((u.credentials || []).length) p.push(`user ${u.username} has credentials`);
      for (const c of r.clients || []) if (c.secret !== undefined && !/^\$\{[A-Z0-9_]+\}$/.test(c.secret)) p.push(`client ${c.clientId} has a literal secret`);
      for (const c of r.clients || []) { const m = /^\$\{([A-Z0-9_]+)\}$/.exec(c.secret || ""); if (m && !ri.spec.placeholders?.[m[1]]) p.push(`placeholder ${m[1]} not defined`); }
      if (/demo/i.test(r.displayName || "")) p.push("displayName says DEMO");
      return p;
    });
  }
  for (const c of byKind("Cluster")) if (overlay.startsWith("prod")) {
    check("prod", `[${overlay}] Cluster/${c.metadata.name}: backups to an object store (WAL archiving + schedule)`, () => {
      const p = [];
      const plugin = (c.spec.plugins || []).find((x) => x.isWALArchiver);
      const store = plugin && byKind("ObjectStore").find((s) => s.metadata.name === plugin.parameters?.barmanObjectName);
      if (!plugin && !c.spec.backup?.barmanObjectStore) p.push("no WAL archiver");
      if (plugin && !store) p.push(`ObjectStore ${plugin.parameters?.barmanObjectName} missing`);
      if (!byKind("ScheduledBackup").some((b) => b.spec.cluster.name === c.metadata.name)) p.push("no ScheduledBackup");
      if (c.spec.instances < 3) p.push("fewer than 3 instances");
      return p;
    });
  }
  check("databases", `[${overlay}] PostgreSQL databases flowlens_ingest and flowlens_metrics are declared`, () => {
    const dbs = new Set([...byKind("Cluster").map((c) => c.spec.bootstrap?.initdb?.database), ...byKind("Database").map((d) => d.spec.name)]);
    return ["flowlens_ingest", "flowlens_metrics"].filter((d) => !dbs.has(d)).map((d) => `${d} missing`);
  });
}

// ---------- exposure: who may connect to the backing services, and what the public Ingress routes ----------
// NetworkPolicy semantics for ingress (a connection is allowed when no policy selects the target pod, or when any
// ingress rule of any policy selecting it matches the source and the port), evaluated against the rendered
// policies, plus the one the Keycloak operator makes from spec.networkPolicy (as its
// KeycloakNetworkPolicyDependentResource does: on unless enabled is false; HTTP 8080 unless TLS without HTTP, HTTPS
// 8443 with TLS, management 9000; each rule from its peers, or from everywhere when they are missing or empty).
const NAMESPACE = "flowlens";
const selects = (selector, labels) => Object.entries(selector?.matchLabels || {}).every(([k, v]) => labels?.[k] === v)
  && (selector?.matchExpressions || []).length === 0;
function peerMatches(peer, src) {
  if (peer.ipBlock) return false; // in-cluster sources are never matched by our ipBlocks
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": src.ns }) : src.ns === NAMESPACE;
  const podOk = peer.podSelector ? selects(peer.podSelector, src.labels) : true;
  return nsOk && podOk;
}
function portMatches(ports, port) {
  return !ports || ports.length === 0 || ports.some((p) => p.port === port || (p.endPort && p.port <= port && port <= p.endPort));
}
function keycloakOperatorPolicies(objs) {
  return objs.filter((o) => o.kind === "Keycloak" && o.spec.networkPolicy?.enabled !== false).map((k) => {
    const np = k.spec.networkPolicy || {}, tls = !!k.spec.http?.tlsSecret, http = k.spec.http?.httpEnabled === true;
    const rule = (port, peers) => ({ ports: [{ port }], from: peers && peers.length ? peers : undefined });
    const ingress = [];
    if (!tls || http) ingress.push(rule(8080, np.http));
    if (tls) ingress.push(rule(8443, np.https));
    ingress.push(rule(9000, np.management));
    return { kind: "NetworkPolicy", metadata: { name: `${k.metadata.name}-network-policy (operator)` },
      spec: { podSelector: { matchLabels: { "app.kubernetes.io/instance": k.metadata.name } }, policyTypes: ["Ingress"], ingress } };
  });
}
function allowed(objs, target, port, src) {
  const policies = [...objs.filter((o) => o.kind === "NetworkPolicy"), ...keycloakOperatorPolicies(objs)]
    .filter((n) => selects(n.spec.podSelector, target) && (n.spec.policyTypes || ["Ingress"]).includes("Ingress"));
  if (!policies.length) return true;
  return policies.some((n) => (n.spec.ingress || []).some((r) => portMatches(r.ports, port) && (!r.from || r.from.some((p) => peerMatches(p, src)))));
}
// Does an Ingress path (Prefix: element-wise; Exact) route this request path?
function routes(p, path) {
  if (p.pathType === "Exact") return p.path === path;
  const want = p.path.split("/").filter(Boolean), got = path.split("/").filter(Boolean);
  return want.every((e, i) => got[i] === e);
}
function exposureChecks(overlay, objs) {
  const podLabels = (name) => objs.find((o) => o.kind === "Deployment" && o.metadata.name === name)?.spec.template.metadata.labels;
  const sources = {
    "gateway": { ns: NAMESPACE, labels: podLabels("gateway") },
    "ingest-service": { ns: NAMESPACE, labels: podLabels("ingest-service") },
    "metrics-service": { ns: NAMESPACE, labels: podLabels("metrics-service") },
    "Keycloak": { ns: NAMESPACE, labels: { app: "keycloak", "app.kubernetes.io/instance": "flowlens-keycloak", "app.kubernetes.io/managed-by": "keycloak-operator" } },
    "the ingress controller": { ns: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx" } },
    "another pod of the namespace": { ns: NAMESPACE, labels: { app: "intruder" } },
    "a pod of another namespace": { ns: "default", labels: { app: "intruder" } },
  };
  const targets = [
    { name: "PostgreSQL", port: 5432, labels: { "cnpg.io/cluster": "flowlens-pg", "cnpg.io/instanceRole": "primary" }, may: ["ingest-service", "metrics-service", "Keycloak"] },
    { name: "RabbitMQ", port: 5672, labels: { "app.kubernetes.io/name": "flowlens-rabbitmq", "app.kubernetes.io/component": "rabbitmq" }, may: ["gateway", "ingest-service", "metrics-service"] },
    { name: "Keycloak", port: 8080, labels: sources.Keycloak.labels, may: ["gateway", "ingest-service", "metrics-service", "the ingress controller"] },
    { name: "Keycloak's management port", port: 9000, labels: sources.Keycloak.labels, may: [] },
  ];
  for (const t of targets) {
    check("exposure", `[${overlay}] ${t.name} (${t.port}) accepts only ${t.may.join(", ") || "Prometheus"}`, () => {
      const p = [];
      for (const [who, src] of Object.entries(sources)) {
        if (!src.labels) { p.push(`no Deployment for ${who}`); continue; }
        const ok = allowed(objs, t.labels, t.port, src), want = t.may.includes(who);
        if (ok !== want) p.push(`${who} ${ok ? "may" : "may not"} connect`);
      }
      return p;
    });
  }
  const keycloakPaths = objs.filter((o) => o.kind === "Ingress").flatMap((i) => (i.spec.rules || []).flatMap((r) =>
    (r.http?.paths || []).filter((p) => p.backend?.service?.name === "flowlens-keycloak-service").map((p) => ({ ...p, host: r.host }))));
  check("exposure", `[${overlay}] Keycloak's own Ingress is off (it would route every path)`, () =>
    objs.filter((o) => o.kind === "Keycloak" && o.spec.ingress?.enabled !== false).map((k) => `Keycloak/${k.metadata.name} has spec.ingress on`));
  check("exposure", `[${overlay}] the public Ingress routes the flowlens realm to Keycloak, never the admin console or the master realm`, () => {
    const p = [];
    const never = ["/", "/admin/", "/admin/master/console/", "/admin/realms/flowlens/users", "/realms/master/protocol/openid-connect/token",
      "/realms/master/", "/metrics", "/health/ready", "/q/health", "/js/keycloak.js"];
    const needed = ["/realms/flowlens/protocol/openid-connect/token", "/realms/flowlens/protocol/openid-connect/auth",
      "/realms/flowlens/protocol/openid-connect/certs", "/realms/flowlens/.well-known/openid-configuration", "/realms/flowlens/account/",
      "/resources/abcde/login/keycloak.v2/css/styles.css"];
    for (const path of never) for (const kp of keycloakPaths) if (routes(kp, path)) p.push(`${kp.host}${path} is routed (by ${kp.path})`);
    for (const path of needed) if (!keycloakPaths.some((kp) => routes(kp, path))) p.push(`${path} is not routed`);
    return p;
  });
}

for (const o of overlays) {
  if (!rendered[o]) continue;
  for (const obj of rendered[o]) await schemaCheck(o, obj);
  ruleChecks(o, rendered[o]);
  exposureChecks(o, rendered[o]);
}
check("realm", "realm imports are up to date with deploy/keycloak/flowlens-realm.json", () => {
  try { execFileSync("node", [join(k8sDir, "realm", "generate-realm-imports.mjs"), "--check"], { stdio: ["ignore", "pipe", "pipe"] }); return []; }
  catch (e) { return [String(e.stderr || e.message).trim() + " (run node k8s/realm/generate-realm-imports.mjs)"]; }
});

console.log(`overlays: ${overlays.join(", ")}; objects: ${overlays.map((o) => `${o}=${(rendered[o] || []).length}`).join(" ")}`);
for (const [g, s] of Object.entries(stats)) console.log(`  ${g.padEnd(11)} ${s.passed} passed, ${s.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
