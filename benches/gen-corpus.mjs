#!/usr/bin/env node
// Deterministic benchmark corpus: N task definitions (1–6 containers with env vars, secrets, capabilities, mounts,
// log configs; a realistic share of violations), services for most of them and one cluster per ten, written in
// every input format fargate-guard reads. The same seed and N always give the same bytes.
//
//   node benches/gen-corpus.mjs <N> <outDir> [--seed S]
//
// Layout of <outDir>:
//   api/            one AWS API request per file (RegisterTaskDefinition, CreateService, CreateCluster)
//   api-all.json    the same requests as one JSON array
//   cfn-json/       one CloudFormation template per stack (an app: its task definition and service; a cluster stack
//                   per ten apps) — the "file per resource" case
//   cfn-yaml/       the same stacks as YAML with short-form intrinsics (!Ref, !Sub, !GetAtt)
//   cfn-one.json    every resource in one template (services Ref their cluster and task definition)
//   cfn-one.yaml    the same in YAML
//   tf-plan.json    a Terraform plan (`terraform show -json`) with one child module per ten apps
//   pulumi.json     Pulumi classic resource inputs as validateStack receives them ({type, name, urn, props}[])
//   manifest.json   counts and byte sizes
// Above N = 20 000 only api/ and cfn-json/ are written (single documents that large exceed V8's string limit;
// the in-process benchmark at N = 100 000 validates file by file).
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const n = Number(args[0]);
const outDir = args[1];
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 20261129;
if (!Number.isInteger(n) || n < 1 || !outDir) {
  console.error('usage: gen-corpus.mjs <N> <outDir> [--seed S]');
  process.exit(2);
}

// mulberry32: small, fast, and the same on every Node version.
let state = (seed ^ (n * 2654435761)) >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const chance = (p) => rand() < p;
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rand() * list.length)];
const hex = (len) => Array.from({ length: len }, () => '0123456789abcdef'[int(0, 15)]).join('');

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const FARGATE_SIZES = [
  ['256', '512'], ['256', '1024'], ['512', '1024'], ['512', '2048'], ['1024', '2048'], ['1024', '4096'],
  ['2048', '4096'], ['2048', '8192'], ['4096', '8192'], ['4096', '16384'],
];
const IMAGES = ['nginx', 'envoyproxy/envoy', 'redis', 'amazon/aws-otel-collector', 'fluent/fluent-bit', 'python', 'node', 'grafana/agent'];
const ENV_NAMES = ['LOG_LEVEL', 'PORT', 'REGION', 'FEATURE_FLAGS', 'NODE_ENV', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'CACHE_TTL', 'WORKERS', 'APP_MODE', 'TZ'];
const SECRETISH = ['DB_PASSWORD', 'API_TOKEN', 'AWS_SECRET_ACCESS_KEY'];
const pad = (i, w = 6) => String(i).padStart(w, '0');

// ---------------------------------------------------------------------------------------------------------------
// The canonical corpus, in AWS API camelCase, plus a few facts the CloudFormation writer needs (intrinsics).

function container(app, c, fargate, volumes) {
  const name = c === 0 ? 'app' : pick(['sidecar', 'envoy', 'log-router', 'otel', 'worker', 'cache']) + `-${c}`;
  const image = chance(0.3)
    ? `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${app}@sha256:${hex(64)}`
    : chance(0.85) ? `${pick(IMAGES)}:${int(1, 9)}.${int(0, 30)}` : `${pick(IMAGES)}:latest`;
  const def = { name, image, essential: c === 0 || chance(0.3) };
  if (chance(0.7)) def.cpu = pick([0, 64, 128, 256]);
  if (chance(0.6)) def.memory = pick([128, 256, 512]);
  if (chance(0.5)) def.memoryReservation = pick([64, 128, 256]);
  if (c === 0 || chance(0.3)) {
    const port = pick([80, 443, 8080, 3000, 9090]);
    def.portMappings = [{ containerPort: port, protocol: 'tcp', ...(chance(0.4) && { hostPort: chance(0.95) ? port : port + 1 }) }];
  }
  const env = [];
  for (let e = int(0, 8); e > 0; e--) env.push({ name: pick(ENV_NAMES), value: `v-${hex(int(4, 24))}` });
  if (chance(0.05)) env.push({ name: pick(SECRETISH), value: hex(32) });
  if (env.length) def.environment = env;
  const secrets = [];
  for (let s = int(0, 3); s > 0; s--) {
    secrets.push({ name: `SECRET_${s}`, valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${app}/${s}-${hex(6)}` });
  }
  if (secrets.length) def.secrets = secrets;
  const caps = {};
  if (chance(0.1)) caps.add = [chance(0.5) ? 'SYS_PTRACE' : pick(['SYS_ADMIN', 'NET_ADMIN', 'NET_RAW'])];
  if (chance(0.5)) caps.drop = ['ALL'];
  if (Object.keys(caps).length || chance(0.2)) {
    def.linuxParameters = { capabilities: caps, ...(chance(0.3) && { initProcessEnabled: true }) };
  }
  if (volumes.length && chance(0.8)) {
    def.mountPoints = volumes.map((v) => ({ sourceVolume: v.name, containerPath: `/mnt/${v.name}`, readOnly: chance(0.5) }));
  }
  if (chance(0.88)) {
    def.logConfiguration = {
      logDriver: chance(0.9) ? 'awslogs' : 'awsfirelens',
      options: { 'awslogs-group': `/ecs/${app}`, 'awslogs-region': REGION, 'awslogs-stream-prefix': name, ...(chance(0.3) && { mode: 'non-blocking', 'max-buffer-size': '25m' }) },
    };
  }
  if (chance(0.5)) def.readonlyRootFilesystem = true;
  else if (chance(0.3)) def.readonlyRootFilesystem = false;
  if (chance(0.4)) def.user = chance(0.9) ? '1000:1000' : 'root';
  if (chance(fargate ? 0.01 : 0.05)) def.privileged = true;
  if (chance(0.4)) {
    def.healthCheck = { command: ['CMD-SHELL', `curl -f http://localhost/health || exit 1`], interval: 30, timeout: 5, retries: 3 };
  }
  if (chance(0.3)) def.command = ['serve', '--port', String(int(1000, 9999))];
  if (chance(0.2)) def.dependsOn = [{ containerName: 'app', condition: 'START' }];
  if (chance(0.2)) def.ulimits = [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }];
  return def;
}

function taskDefinition(i) {
  const app = `app-${pad(i)}`;
  const fargate = chance(0.85);
  const windows = fargate && chance(0.03);
  const td = { family: app };
  const volumes = [];
  if (chance(0.15)) {
    volumes.push({
      name: 'efs',
      efsVolumeConfiguration: {
        fileSystemId: `fs-${hex(8)}`,
        ...(chance(0.7) && { transitEncryption: 'ENABLED' }),
        ...(chance(0.4) && { authorizationConfig: { iam: 'ENABLED', accessPointId: `fsap-${hex(17)}` } }),
      },
    });
  }
  if (chance(0.2)) volumes.push({ name: 'scratch' });
  if (!fargate && chance(0.2)) volumes.push({ name: 'docker-sock', host: { sourcePath: '/var/run/docker.sock' } });
  if (fargate) {
    td.requiresCompatibilities = ['FARGATE'];
    td.networkMode = chance(0.98) ? 'awsvpc' : 'bridge';
    const [cpu, memory] = chance(0.97) ? pick(FARGATE_SIZES) : ['256', '4096'];
    td.cpu = cpu;
    td.memory = memory;
  } else {
    td.requiresCompatibilities = ['EC2'];
    td.networkMode = pick(['bridge', 'awsvpc', 'host']);
    if (chance(0.5)) {
      td.cpu = '1024';
      td.memory = '2048';
    }
  }
  if (chance(0.9)) td.executionRoleArn = `arn:aws:iam::${ACCOUNT}:role/${app}-execution`;
  if (chance(0.7)) td.taskRoleArn = chance(0.07) && td.executionRoleArn ? td.executionRoleArn : `arn:aws:iam::${ACCOUNT}:role/${app}-task`;
  td.containerDefinitions = [];
  for (let c = 0, count = int(1, 6); c < count; c++) td.containerDefinitions.push(container(app, c, fargate, volumes));
  if (volumes.length) td.volumes = volumes;
  if (chance(0.01)) td.pidMode = 'host';
  if (chance(0.1)) td.ephemeralStorage = { sizeInGiB: chance(0.9) ? int(21, 200) : 250 };
  if (windows) td.runtimePlatform = { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE', cpuArchitecture: 'X86_64' };
  else if (chance(0.5)) td.runtimePlatform = { operatingSystemFamily: 'LINUX', cpuArchitecture: pick(['X86_64', 'ARM64']) };
  if (chance(0.6)) td.tags = [{ key: 'team', value: `team-${int(1, 20)}` }, { key: 'env', value: pick(['dev', 'staging', 'prod']) }];
  return { td, fargate, app };
}

function service(i, td, fargate, cluster) {
  const svc = { serviceName: `svc-${pad(i)}`, cluster, taskDefinition: td.family, desiredCount: chance(0.03) ? 0 : int(1, 10) };
  if (fargate) {
    if (chance(0.7)) svc.launchType = 'FARGATE';
    else svc.capacityProviderStrategy = [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }];
    if (chance(0.5)) svc.platformVersion = chance(0.9) ? pick(['LATEST', '1.4.0']) : '1.3.0';
  } else {
    svc.launchType = 'EC2';
  }
  if (td.networkMode === 'awsvpc') {
    svc.networkConfiguration = {
      awsvpcConfiguration: {
        subnets: [`subnet-${hex(8)}`, `subnet-${hex(8)}`],
        securityGroups: [`sg-${hex(8)}`],
        assignPublicIp: chance(0.1) ? 'ENABLED' : 'DISABLED',
      },
    };
  }
  if (chance(0.2)) svc.enableExecuteCommand = true;
  if (chance(0.6)) svc.deploymentConfiguration = { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 };
  if (chance(0.5)) svc.tags = [{ key: 'team', value: `team-${int(1, 20)}` }];
  if (chance(0.3)) svc.propagateTags = 'SERVICE';
  return svc;
}

function clusterOf(k) {
  const cl = { clusterName: `cluster-${pad(k, 4)}` };
  if (chance(0.8)) cl.settings = [{ name: 'containerInsights', value: pick(['enabled', 'enhanced', 'disabled']) }];
  if (chance(0.6)) {
    const exec = { logging: pick(['DEFAULT', 'OVERRIDE', 'OVERRIDE', 'NONE']) };
    if (chance(0.6)) exec.kmsKeyId = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
    if (exec.logging === 'OVERRIDE') exec.logConfiguration = { cloudWatchLogGroupName: `/ecs/exec/${k}`, cloudWatchEncryptionEnabled: chance(0.7) };
    cl.configuration = { executeCommandConfiguration: exec };
  }
  if (chance(0.3)) {
    cl.configuration = cl.configuration ?? {};
    cl.configuration.managedStorageConfiguration = { fargateEphemeralStorageKmsKeyId: chance(0.9) ? `arn:aws:kms:${REGION}:${ACCOUNT}:key/${hex(8)}` : 'alias/ephemeral' };
  }
  cl.capacityProviders = ['FARGATE', 'FARGATE_SPOT'];
  if (chance(0.5)) cl.tags = [{ key: 'owner', value: `platform-${int(1, 5)}` }];
  return cl;
}

const apps = [];
const clusters = [];
for (let i = 0; i < n; i++) {
  const k = Math.floor(i / 10);
  if (i % 10 === 0) clusters.push(clusterOf(k));
  const { td, fargate, app } = taskDefinition(i);
  const svc = chance(0.8) ? service(i, td, fargate, clusters[k].clusterName) : null;
  // CloudFormation-only realism: some values are intrinsics (unknown before deployment).
  const cfn = { imageSub: chance(0.2), roleGetAtt: chance(0.3), logRef: chance(0.5) };
  apps.push({ i, k, td, svc, fargate, app, cfn });
}

// ---------------------------------------------------------------------------------------------------------------
// Writers.

const big = n > 20000;
fs.rmSync(outDir, { recursive: true, force: true });
for (const dir of big ? ['api', 'cfn-json'] : ['api', 'cfn-json', 'cfn-yaml']) fs.mkdirSync(path.join(outDir, dir), { recursive: true });
const skipped = (rel) => big && !/^(api|cfn-json)\//.test(rel);
const write = (rel, text) => skipped(rel) || fs.writeFileSync(path.join(outDir, rel), text);
const json = (value) => JSON.stringify(value, null, 2) + '\n';

// AWS API: one request per file, and all of them as one array.
const allRequests = [];
for (const cl of clusters) {
  write(`api/${cl.clusterName}.json`, json(cl));
  if (!big) allRequests.push(cl);
}
for (const { td, svc, app } of apps) {
  write(`api/${app}-taskdef.json`, json(td));
  if (!big) allRequests.push(td);
  if (svc) {
    write(`api/${app}-service.json`, json(svc));
    if (!big) allRequests.push(svc);
  }
}
write('api-all.json', json(allRequests));

// CloudFormation: PascalCase keys, except inside user maps (log options, tags' values are already Key/Value).
const OPAQUE = new Set(['options', 'dockerLabels']);
function pascal(value, opaque = false) {
  if (Array.isArray(value)) return value.map((v) => pascal(v));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    const k = opaque ? key : key === 'efsVolumeConfiguration' ? 'EFSVolumeConfiguration' : key === 'iam' ? 'IAM' : key.charAt(0).toUpperCase() + key.slice(1);
    out[k] = pascal(v, !opaque && OPAQUE.has(key));
  }
  return out;
}
const logical = (prefix, i) => `${prefix}${pad(i)}`;

function cfnTaskDefinition(a) {
  const props = pascal(a.td);
  if (a.cfn.roleGetAtt && props.TaskRoleArn) props.TaskRoleArn = { 'Fn::GetAtt': [`TaskRole${pad(a.i)}`, 'Arn'] };
  props.ContainerDefinitions.forEach((c, index) => {
    if (index === 0 && a.cfn.imageSub) c.Image = { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/' + a.app + ':latest' };
    if (a.cfn.logRef && c.LogConfiguration?.Options?.['awslogs-group']) c.LogConfiguration.Options['awslogs-group'] = { Ref: `LogGroup${pad(a.i)}` };
  });
  return { Type: 'AWS::ECS::TaskDefinition', Properties: props };
}
function cfnService(a, clusterRef) {
  const { cluster: _cluster, taskDefinition: _td, ...rest } = a.svc;
  return {
    Type: 'AWS::ECS::Service',
    Properties: { Cluster: clusterRef, TaskDefinition: { Ref: logical('TaskDef', a.i) }, ...pascal(rest) },
  };
}
function cfnCluster(cl) {
  const props = pascal(cl);
  if (props.Settings) {
    props.ClusterSettings = props.Settings;
    delete props.Settings;
  }
  return { Type: 'AWS::ECS::Cluster', Properties: props };
}
const template = (resources) => ({ AWSTemplateFormatVersion: '2010-09-09', Description: 'fargate-guard benchmark corpus', Resources: resources });

// YAML: block style with CloudFormation short forms; strings quoted whenever YAML could read them otherwise.
function yamlScalar(v) {
  if (typeof v === 'string') {
    return /^[A-Za-z_/][A-Za-z0-9_./@:-]*$/.test(v) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(v) && !/: /.test(v) ? v : JSON.stringify(v);
  }
  return JSON.stringify(v);
}
function shortForm(v) {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1) {
      if (keys[0] === 'Ref') return `!Ref ${v.Ref}`;
      if (keys[0] === 'Fn::Sub' && typeof v['Fn::Sub'] === 'string') return `!Sub ${JSON.stringify(v['Fn::Sub'])}`;
      if (keys[0] === 'Fn::GetAtt') return `!GetAtt ${v['Fn::GetAtt'].join('.')}`;
    }
  }
  return null;
}
function yaml(value, indent = '') {
  const lines = [];
  const emit = (v, ind, prefix) => {
    const short = shortForm(v);
    if (short) return lines.push(`${prefix} ${short}`);
    if (Array.isArray(v)) {
      if (!v.length) return lines.push(`${prefix} []`);
      lines.push(prefix);
      for (const item of v) {
        if (item && typeof item === 'object' && !Array.isArray(item) && !shortForm(item) && Object.keys(item).length) {
          const entries = Object.entries(item);
          entries.forEach(([k, x], index) => emit(x, ind + '    ', `${ind}${index === 0 ? '  - ' : '    '}${k}:`));
        } else {
          emit(item, ind + '  ', `${ind}  -`);
        }
      }
      return;
    }
    if (v && typeof v === 'object') {
      if (!Object.keys(v).length) return lines.push(`${prefix} {}`);
      lines.push(prefix);
      for (const [k, x] of Object.entries(v)) emit(x, ind + '  ', `${ind}  ${yamlScalar(k)}:`);
      return;
    }
    lines.push(`${prefix} ${yamlScalar(v)}`);
  };
  for (const [k, v] of Object.entries(value)) emit(v, indent, `${indent}${yamlScalar(k)}:`);
  return lines.join('\n') + '\n';
}

// Per-stack templates (the file-per-resource case) and the one big template.
const oneResources = {};
clusters.forEach((cl, k) => {
  const resources = { [`Cluster${pad(k, 4)}`]: cfnCluster(cl) };
  Object.assign(oneResources, resources);
  write(`cfn-json/${cl.clusterName}.json`, json(template(resources)));
  if (!big) write(`cfn-yaml/${cl.clusterName}.yaml`, yaml(template(resources)));
});
for (const a of apps) {
  const resources = { [logical('TaskDef', a.i)]: cfnTaskDefinition(a) };
  if (a.svc) resources[logical('Service', a.i)] = cfnService(a, a.svc.cluster);
  write(`cfn-json/${a.app}.json`, json(template(resources)));
  if (!big) write(`cfn-yaml/${a.app}.yaml`, yaml(template(resources)));
  oneResources[logical('TaskDef', a.i)] = resources[logical('TaskDef', a.i)];
  if (a.svc) oneResources[logical('Service', a.i)] = cfnService(a, { Ref: `Cluster${pad(a.k, 4)}` });
}
if (!big) {
  write('cfn-one.json', json(template(oneResources)));
  write('cfn-one.yaml', yaml(template(oneResources)));
}

// Terraform plan: snake_case attributes, MaxItems-1 blocks as one-element lists, container_definitions a JSON string.
const snake = (key) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const block = (v) => (v === undefined ? [] : [v]);
function tfTaskDefinition(a) {
  const td = a.td;
  const after = {
    family: td.family,
    cpu: td.cpu ?? null,
    memory: td.memory ?? null,
    network_mode: td.networkMode,
    requires_compatibilities: td.requiresCompatibilities,
    execution_role_arn: td.executionRoleArn ?? null,
    task_role_arn: td.taskRoleArn ?? null,
    pid_mode: td.pidMode ?? null,
    ipc_mode: null,
    ephemeral_storage: block(td.ephemeralStorage && { size_in_gib: td.ephemeralStorage.sizeInGiB }),
    runtime_platform: block(td.runtimePlatform && { operating_system_family: td.runtimePlatform.operatingSystemFamily, cpu_architecture: td.runtimePlatform.cpuArchitecture }),
    volume: (td.volumes ?? []).map((v) => ({
      name: v.name,
      host_path: v.host?.sourcePath ?? '',
      efs_volume_configuration: block(v.efsVolumeConfiguration && {
        file_system_id: v.efsVolumeConfiguration.fileSystemId,
        transit_encryption: v.efsVolumeConfiguration.transitEncryption ?? null,
        authorization_config: block(v.efsVolumeConfiguration.authorizationConfig && {
          iam: v.efsVolumeConfiguration.authorizationConfig.iam,
          access_point_id: v.efsVolumeConfiguration.authorizationConfig.accessPointId,
        }),
      }),
      docker_volume_configuration: [],
    })),
    tags: td.tags ? Object.fromEntries(td.tags.map((t) => [t.key, t.value])) : null,
  };
  const unknownDefs = chance(0.05);
  if (!unknownDefs) after.container_definitions = JSON.stringify(td.containerDefinitions);
  const afterUnknown = { arn: true, arn_without_revision: true, id: true, revision: true, tags_all: true, ...(unknownDefs && { container_definitions: true }) };
  return { type: 'aws_ecs_task_definition', name: 'app', after, afterUnknown };
}
function tfService(a) {
  const svc = a.svc;
  const aws = svc.networkConfiguration?.awsvpcConfiguration;
  const after = {
    name: svc.serviceName,
    cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${svc.cluster}`,
    task_definition: svc.taskDefinition,
    desired_count: svc.desiredCount,
    launch_type: svc.launchType ?? '',
    platform_version: svc.platformVersion ?? null,
    enable_execute_command: svc.enableExecuteCommand ?? false,
    capacity_provider_strategy: (svc.capacityProviderStrategy ?? []).map((s) => ({ capacity_provider: s.capacityProvider, weight: s.weight, base: s.base ?? 0 })),
    network_configuration: block(aws && { subnets: aws.subnets, security_groups: aws.securityGroups, assign_public_ip: aws.assignPublicIp === 'ENABLED' }),
    deployment_circuit_breaker: block(svc.deploymentConfiguration && { enable: true, rollback: true }),
    propagate_tags: svc.propagateTags ?? null,
    tags: svc.tags ? Object.fromEntries(svc.tags.map((t) => [t.key, t.value])) : null,
  };
  return { type: 'aws_ecs_service', name: 'app', after, afterUnknown: { id: true, tags_all: true } };
}
function tfCluster(cl) {
  const exec = cl.configuration?.executeCommandConfiguration;
  const storage = cl.configuration?.managedStorageConfiguration;
  const after = {
    name: cl.clusterName,
    setting: (cl.settings ?? []).map((s) => ({ name: s.name, value: s.value })),
    configuration: block(cl.configuration && {
      execute_command_configuration: block(exec && {
        kms_key_id: exec.kmsKeyId ?? null,
        logging: exec.logging,
        log_configuration: block(exec.logConfiguration && {
          cloud_watch_log_group_name: exec.logConfiguration.cloudWatchLogGroupName,
          cloud_watch_encryption_enabled: exec.logConfiguration.cloudWatchEncryptionEnabled,
          s3_bucket_name: null,
          s3_bucket_encryption_enabled: false,
          s3_key_prefix: null,
        }),
      }),
      managed_storage_configuration: block(storage && { fargate_ephemeral_storage_kms_key_id: storage.fargateEphemeralStorageKmsKeyId, kms_key_id: null }),
    }),
    tags: cl.tags ? Object.fromEntries(cl.tags.map((t) => [t.key, t.value])) : null,
  };
  return { type: 'aws_ecs_cluster', name: 'this', after, afterUnknown: { arn: true, id: true, tags_all: true } };
}
const modules = [];
clusters.forEach((cl, k) => modules.push({ address: `module.stack_${pad(k, 4)}`, resources: [tfCluster(cl)] }));
for (const a of apps) {
  const module = modules[a.k];
  const td = tfTaskDefinition(a);
  td.name = `app_${pad(a.i)}`;
  module.resources.push(td);
  if (a.svc) {
    const svc = tfService(a);
    svc.name = `app_${pad(a.i)}`;
    module.resources.push(svc);
  }
}
const providerName = 'registry.terraform.io/hashicorp/aws';
const plan = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  planned_values: {
    root_module: {
      child_modules: modules.map((m) => ({
        address: m.address,
        resources: m.resources.map((r) => ({
          address: `${m.address}.${r.type}.${r.name}`, mode: 'managed', type: r.type, name: r.name, provider_name: providerName,
          schema_version: 1, values: r.after, sensitive_values: {},
        })),
      })),
    },
  },
  resource_changes: modules.flatMap((m) => m.resources.map((r) => ({
    address: `${m.address}.${r.type}.${r.name}`, module_address: m.address, mode: 'managed', type: r.type, name: r.name,
    provider_name: providerName,
    change: { actions: ['create'], before: null, after: r.after, after_unknown: r.afterUnknown, before_sensitive: false, after_sensitive: {} },
  }))),
  configuration: {
    provider_config: { aws: { name: 'aws', full_name: providerName } },
    root_module: {
      module_calls: Object.fromEntries(modules.map((m) => [m.address.slice('module.'.length), {
        source: './modules/stack',
        module: {
          resources: m.resources.map((r) => ({ address: `${r.type}.${r.name}`, mode: 'managed', type: r.type, name: r.name, provider_config_key: 'aws', schema_version: 1 })),
        },
      }])),
    },
  },
  timestamp: '2026-11-29T00:00:00Z',
  applyable: true,
  complete: true,
  errored: false,
};
if (!big) write('tf-plan.json', JSON.stringify(plan) + '\n');

// Pulumi classic inputs: Terraform's schema in camelCase; containerDefinitions a JSON string.
const camelOf = (snakeKey) => snakeKey.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
function pulumiProps(after) {
  if (Array.isArray(after)) return after.map(pulumiProps);
  if (after === null || typeof after !== 'object') return after;
  const out = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k === 'tags' ? 'tags' : camelOf(k)] = k === 'tags' ? v : pulumiProps(v);
  }
  return out;
}
const unblock = (list) => (Array.isArray(list) && list.length === 1 ? list[0] : list);
const stack = [];
const TYPES = { aws_ecs_task_definition: 'aws:ecs/taskDefinition:TaskDefinition', aws_ecs_service: 'aws:ecs/service:Service', aws_ecs_cluster: 'aws:ecs/cluster:Cluster' };
for (const m of modules) {
  for (const r of m.resources) {
    const props = pulumiProps(r.after);
    for (const single of ['ephemeralStorage', 'runtimePlatform', 'networkConfiguration', 'deploymentCircuitBreaker', 'configuration']) {
      if (props[single]) props[single] = unblock(props[single]);
    }
    if (props.configuration) {
      for (const single of ['executeCommandConfiguration', 'managedStorageConfiguration']) {
        if (props.configuration[single]) props.configuration[single] = unblock(props.configuration[single]);
      }
      if (props.configuration.executeCommandConfiguration?.logConfiguration) {
        props.configuration.executeCommandConfiguration.logConfiguration = unblock(props.configuration.executeCommandConfiguration.logConfiguration);
      }
    }
    if (props.ephemeralStorage) props.ephemeralStorage = { sizeInGib: props.ephemeralStorage.sizeInGib };
    if (props.setting) {
      props.settings = props.setting;
      delete props.setting;
    }
    if (props.volume) {
      props.volumes = props.volume.map((v) => ({ ...v, efsVolumeConfiguration: unblock(v.efsVolumeConfiguration) }));
      delete props.volume;
    }
    if (props.capacityProviderStrategy) {
      props.capacityProviderStrategies = props.capacityProviderStrategy;
      delete props.capacityProviderStrategy;
    }
    const type = TYPES[r.type];
    stack.push({ type, name: r.name, urn: `urn:pulumi:bench::corpus::${type}::${r.name}`, props });
  }
}
if (!big) write('pulumi.json', json(stack));

const size = (rel) => {
  const full = path.join(outDir, rel);
  if (fs.statSync(full).isDirectory()) {
    const files = fs.readdirSync(full);
    return { files: files.length, bytes: files.reduce((sum, f) => sum + fs.statSync(path.join(full, f)).size, 0) };
  }
  return { files: 1, bytes: fs.statSync(full).size };
};
const resources = apps.length + apps.filter((a) => a.svc).length + clusters.length;
const manifest = {
  n, seed, resources,
  taskDefinitions: apps.length, services: apps.filter((a) => a.svc).length, clusters: clusters.length,
  containers: apps.reduce((sum, a) => sum + a.td.containerDefinitions.length, 0),
  inputs: Object.fromEntries(['api', 'api-all.json', 'cfn-json', 'cfn-yaml', 'cfn-one.json', 'cfn-one.yaml', 'tf-plan.json', 'pulumi.json']
    .filter((k) => fs.existsSync(path.join(outDir, k))).map((k) => [k, size(k)])),
};
fs.writeFileSync(path.join(outDir, 'manifest.json'), json(manifest));
console.log(JSON.stringify(manifest));
