// Checked by fargate-guard's policy pack: see README.md. The resources are in fargate.ts, which takes the AWS
// SDK as an argument so that the pack's tests can run the same program on mocks without installing it.
import * as aws from "@pulumi/aws";
import { fargateApp } from "./fargate";

const app = fargateApp(aws);

export const clusterName = app.cluster.name;
export const badServiceName = app.bad.service.name;
export const fixedServiceName = app.fixed.service.name;
