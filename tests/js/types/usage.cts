// Typed usage of the package from CommonJS (the `require` condition).
import fargateGuard = require('fargate-guard');

const report: fargateGuard.Report = fargateGuard.validate('{"family": "app"}', { fileName: 'td.json' });
const blocking: number = report.summary.blocking;
const ids: string[] = fargateGuard.rules().map((rule) => rule.id);
const version: string = fargateGuard.version;
const engine: fargateGuard.Engine = new fargateGuard.Engine({ minSeverity: 'critical' });

export = { blocking, ids, version, engine };
