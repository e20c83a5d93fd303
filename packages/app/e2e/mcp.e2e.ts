import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test } from '@playwright/test';
import { BACKEND_URL, guestToken, waitForAssessments } from './portal';

/*
 * AI assistants against the running portal backend (issue 18): the MCP actions backend
 * serves the s3 plugin's actions at /api/mcp-actions/v1, and a real MCP client
 * (`@modelcontextprotocol/sdk`, streamable HTTP) talks to it with a Backstage token.
 */

const MCP_URL = `${BACKEND_URL}/api/mcp-actions/v1`;

/** An MCP client connected with the given token (none: no Authorization header). */
async function connect(token?: string): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '0' });
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
    requestInit: {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    },
  });
  await client.connect(transport);
  return client;
}

/** Calls a tool and reads its text answer, as an assistant reads it. */
async function callTool(client: Client, name: string, args: object) {
  const result = (await client.callTool({
    name,
    arguments: args as Record<string, unknown>,
  })) as { isError?: boolean; content: Array<{ type: string; text: string }> };
  expect(result.content[0].type).toBe('text');
  return {
    isError: Boolean(result.isError),
    text: result.content[0].text,
  };
}

test('an MCP client lists the four S3 tools and gets a posture and a roll-up; without a token it gets 401', async () => {
  await waitForAssessments(14);
  const token = await guestToken();

  const client = await connect(token);
  expect(client.getServerCapabilities()?.tools).toBeDefined();

  const { tools } = await client.listTools();
  const s3Tools = tools
    .map(t => t.name)
    .filter(n => n.startsWith('s3.'))
    .sort();
  expect(s3Tools).toEqual([
    's3.get-entity-s3-posture',
    's3.get-s3-bucket-posture',
    's3.list-s3-buckets',
    's3.refresh-s3-bucket',
  ]);

  const posture = await callTool(client, 's3.get-s3-bucket-posture', {
    entityRef: 'resource:default/users-bucket',
  });
  expect(posture.isError).toBe(false);
  const users = JSON.parse(posture.text);
  expect(users.entityRef).toBe('resource:default/users-bucket');
  expect(users.checks.length).toBeGreaterThan(10);
  for (const check of users.checks) {
    expect(check).toEqual(
      expect.objectContaining({
        status: expect.any(String),
        reason: expect.any(String),
        remediation: expect.any(String),
      }),
    );
  }

  const rollUp = await callTool(client, 's3.get-entity-s3-posture', {
    entityRef: 'component:default/user-service',
  });
  expect(JSON.parse(rollUp.text).buckets).toEqual([
    expect.objectContaining({
      entityRef: 'resource:default/users-bucket',
      status: users.status,
    }),
  ]);
  const team = await callTool(client, 's3.get-entity-s3-posture', {
    entityRef: 'group:default/team-identity',
  });
  expect(JSON.parse(team.text).buckets).toEqual([
    expect.objectContaining({
      entityRef: 'resource:default/users-bucket',
      via: ['component:default/user-service'],
    }),
  ]);

  // Bad input: an error naming the field, as the assistant reads it.
  const bad = await callTool(client, 's3.list-s3-buckets', {
    status: ['broken'],
  });
  expect(bad).toEqual({
    isError: true,
    text: expect.stringMatching(/^InputError: .*field "status"/),
  });

  await client.close();

  // No token, or a forged one: the server answers 401 and the client cannot connect.
  await expect(connect()).rejects.toThrow(/401|Unauthorized/i);
  await expect(connect('not-a-token')).rejects.toThrow(/401|Unauthorized/i);
});
