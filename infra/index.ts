// The Pulumi program (Pulumi.yaml: `main: infra/`): read and check the stack's config once, then
// declare the stage. Every export here is a stack output.
import * as pulumi from '@pulumi/pulumi';
import { PROJECT, createStack, parseStackConfig } from './src/index';

const values = pulumi.runtime.allConfig();
const config = parseStackConfig({ stack: pulumi.getStack(), values });

// The tokens are optional Pulumi secrets; read them only as secrets so they stay encrypted.
const project = new pulumi.Config(PROJECT);
const secret = (name: string) => (values[`${PROJECT}:${name}`] ? { [name]: project.requireSecret(name) } : {});

const outputs = createStack(config, { ...secret('apiToken'), ...secret('ntfyToken') });

export const apiUrl = outputs.apiUrl;
export const tableName = outputs.tableName;
export const topicArn = outputs.topicArn;
export const queueUrl = outputs.queueUrl;
export const dlqUrl = outputs.dlqUrl;
export const dashboardName = outputs.dashboardName;
export const apiTokenParameterName = outputs.apiTokenParameterName;
export const consoleUrl = outputs.consoleUrl;
export const oidcIssuer = outputs.oidcIssuer;
export const oidcClientId = outputs.oidcClientId;
export const signInDomainUrl = outputs.signInDomainUrl;
export const userPoolId = outputs.userPoolId;
