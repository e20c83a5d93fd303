import { getResponse } from 'msw';
import { AwsHandlersOptions, createAwsHandlers } from './createAwsHandlers';
import { exampleScenarioPath } from './exampleScenario';
import { SimulatorKnobs } from './knobs';
import { loadScenario } from './scenario/loadScenario';

/** The example company's scenario, as the portal loads it. */
export const EXAMPLE_SCENARIO_PATH = exampleScenarioPath();

export const PRODUCTION = {
  accountId: '111122223333',
  accessKeyId: 'AKIASECURECARTPROD01',
};
export const STAGING = {
  accountId: '444455556666',
  accessKeyId: 'AKIASECURECARTSTAG01',
};

/** A SigV4 `Authorization` header: only the credential scope matters to the simulator. */
export function authorization(
  accessKeyId: string,
  region: string,
  service: string,
): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`;
}

/** Handlers on the example scenario and a way to send them raw requests, as msw would. */
export function simulator(
  knobs: SimulatorKnobs = {},
  options: AwsHandlersOptions = {},
) {
  const aws = createAwsHandlers(
    loadScenario(EXAMPLE_SCENARIO_PATH),
    knobs,
    options,
  );
  const send = async (request: Request): Promise<Response> => {
    const response = await getResponse(aws.handlers, request);
    if (!response)
      throw new Error(`no handler for ${request.method} ${request.url}`);
    return response;
  };
  const s3 = (
    target: string,
    init: { accessKeyId?: string; region?: string; method?: string } = {},
  ) =>
    send(
      new Request(
        `https://s3.${init.region ?? 'eu-north-1'}.amazonaws.com${target}`,
        {
          method: init.method ?? 'GET',
          headers: {
            authorization: authorization(
              init.accessKeyId ?? PRODUCTION.accessKeyId,
              init.region ?? 'eu-north-1',
              's3',
            ),
          },
        },
      ),
    );
  const query = (
    service: 'iam' | 'sts',
    params: Record<string, string>,
    accessKeyId = PRODUCTION.accessKeyId,
  ) =>
    send(
      new Request(`https://${service}.amazonaws.com/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          authorization: authorization(accessKeyId, 'us-east-1', service),
        },
        body: new URLSearchParams({
          Version: service === 'iam' ? '2010-05-08' : '2011-06-15',
          ...params,
        }).toString(),
      }),
    );
  return { ...aws, send, s3, query };
}
