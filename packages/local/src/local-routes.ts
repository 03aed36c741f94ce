import { MESSAGE_STATUSES, TRANSITIONS } from '@rez-agent/core';
import type { Messaging } from '@rez-agent/emulators';
import type { LocalReply, LocalRoutes } from './http-gateway';
import type { NtfyInbox } from './ntfy-inbox';

export interface LocalRouteSources {
  /** The emulators' endpoints and names, for tools (aws cli, scripts) pointed at the sandbox. */
  endpoints: Record<string, string>;
  messaging: Messaging;
  /** Absent when notifications go to NTFY_URL. */
  inbox: NtfyInbox | undefined;
}

const problem = (status: number, title: string, detail: string, errors?: { field: string; detail: string }[]): LocalReply => ({
  status,
  body: { type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) },
  contentType: 'application/problem+json',
});

/** A queued record as a person wants to read it: the SNS envelope opened when there is one. */
function describeRecord(message: { messageId: string; body: string; sentTimestamp: number; approximateReceiveCount: number }) {
  let body: unknown = message.body;
  try {
    const parsed = JSON.parse(message.body) as { Type?: string; Message?: string };
    body = parsed.Type === 'Notification' && typeof parsed.Message === 'string' ? safeJson(parsed.Message) : parsed;
  } catch {
    // Not JSON: shown as it is.
  }
  return {
    sqs_message_id: message.messageId,
    sent_at: new Date(message.sentTimestamp).toISOString(),
    receive_count: message.approximateReceiveCount,
    body,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The sandbox's own endpoints under /_local: inbox, queues. No token: the gateway
 * serves them on 127.0.0.1 only, to its own Host names, and refuses cross-site writes.
 */
export function localRoutes(sources: LocalRouteSources): LocalRoutes {
  const { messaging, inbox, endpoints } = sources;
  const reply = (method: string, path: string): LocalReply => {
    if (path === '/_local' || path === '/_local/') {
      return {
        status: 200,
        body: {
          endpoints: [
            'GET /_local/notifications',
            'GET /_local/queues',
            'GET /_local/dlq',
          ],
          // What `?status=` and the metrics take, and how a message may move between them.
          statuses: MESSAGE_STATUSES,
          transitions: TRANSITIONS,
          emulators: endpoints,
          // Schedules (the stack's and your own) are the API's, with the token: GET /api/schedules.
          schedules: 'GET /api/schedules, POST /api/schedules/{name}/trigger (with the API token)',
        },
      };
    }
    if (path === '/_local/notifications' && method === 'GET') {
      if (!inbox) return problem(404, 'No local inbox', 'NTFY_URL is set, so notifications go to ntfy, not to the local inbox.');
      const notifications = inbox.list();
      return { status: 200, body: { notifications, count: notifications.length } };
    }
    if (path === '/_local/schedules' || path.startsWith('/_local/schedules/')) {
      return problem(410, 'Gone', 'Schedules moved to the API: GET /api/schedules lists them, POST /api/schedules/{name}/trigger fires one (with the API token).');
    }
    if (path === '/_local/queues' && method === 'GET') {
      const queues = [
        [messaging.queueName, messaging.queueUrl],
        [messaging.dlqName, messaging.dlqUrl],
      ].map(([name = '', url]) => {
        const queue = messaging.server.inspectQueue(name);
        return {
          name,
          url,
          ready: queue?.messages.ready.length ?? 0,
          delayed: queue?.messages.delayed.length ?? 0,
          in_flight: queue?.messages.inflight.length ?? 0,
        };
      });
      return { status: 200, body: { queues } };
    }
    if (path === '/_local/dlq' && method === 'GET') {
      const queue = messaging.server.inspectQueue(messaging.dlqName);
      const records = queue
        ? [...queue.messages.ready, ...queue.messages.delayed, ...queue.messages.inflight.map((entry) => entry.message)].map(describeRecord)
        : [];
      return { status: 200, body: { queue: messaging.dlqName, records, count: records.length } };
    }
    return problem(404, 'Not found', `No sandbox endpoint ${method} ${path}; GET /_local lists them.`);
  };
  return (method, path) => Promise.resolve(reply(method, path));
}
