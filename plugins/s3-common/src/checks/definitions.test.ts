/*
 * Copyright 2026 The S3 Posture Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { CHECK_DEFINITIONS, getCheckDefinition } from './definitions';
import {
  CHECK_CATEGORIES,
  CHECK_IDS,
  CheckAnchors,
  CheckId,
  SEVERITIES,
} from './types';

describe('CHECK_DEFINITIONS', () => {
  it('has exactly one definition per check id, in CHECK_IDS order', () => {
    expect(CHECK_DEFINITIONS.map(d => d.id)).toEqual([...CHECK_IDS]);
    expect(new Set(CHECK_DEFINITIONS.map(d => d.id)).size).toBe(
      CHECK_IDS.length,
    );
  });

  it.each(CHECK_DEFINITIONS.map(d => [d.id, d] as const))(
    '%s has non-empty texts',
    (_id, d) => {
      for (const text of [d.title, d.description, d.rationale, d.remediation]) {
        expect(typeof text).toBe('string');
        expect(text.trim().length).toBeGreaterThan(0);
      }
    },
  );

  it.each(CHECK_DEFINITIONS.map(d => [d.id, d] as const))(
    '%s remediation contains a closed fenced code block',
    (_id, d) => {
      expect(d.remediation).toMatch(/```[a-z]*\n[\s\S]+?\n```/);
      // every opening fence is closed
      expect((d.remediation.match(/^```/gm) ?? []).length % 2).toBe(0);
    },
  );

  it('uses only known severities and categories', () => {
    for (const d of CHECK_DEFINITIONS) {
      expect(SEVERITIES).toContain(d.severity);
      expect(CHECK_CATEGORIES).toContain(d.category);
    }
  });

  it('omits empty anchor lists', () => {
    for (const d of CHECK_DEFINITIONS) {
      for (const key of Object.keys(d.anchors) as (keyof CheckAnchors)[]) {
        const values = d.anchors[key];
        expect(values?.length).toBeGreaterThan(0);
        for (const v of values ?? []) expect(v.trim()).not.toBe('');
      }
    }
  });

  it.each<[CheckId, string, string]>([
    ['account-public-access-block', 'high', 'access'],
    ['bucket-public-access-block', 'high', 'access'],
    ['no-public-read', 'critical', 'access'],
    ['no-public-write', 'critical', 'access'],
    ['iam-least-privilege', 'high', 'access'],
    ['cors-restricted', 'medium', 'application'],
    ['tls-only', 'medium', 'network'],
    ['kms-encryption', 'medium', 'data'],
    ['mfa-delete-enabled', 'low', 'integrity'],
    ['server-access-logging', 'medium', 'logging'],
    ['versioned-lifecycle', 'medium', 'cost'],
    ['intelligent-tiering', 'info', 'cost'],
    ['dedicated-iam-user', 'medium', 'house'],
    ['documented-owner', 'low', 'house'],
  ])('%s is %s in category %s (DESIGN §5)', (id, severity, category) => {
    const d = getCheckDefinition(id);
    expect(d.severity).toBe(severity);
    expect(d.category).toBe(category);
  });

  it('anchors tls-only to Security Hub S3.5 and CIS 2.1.1', () => {
    const d = getCheckDefinition('tls-only');
    expect(d.anchors.securityHub).toEqual(['S3.5']);
    expect(d.anchors.cis).toEqual(['2.1.1']);
    expect(d.remediation).toContain('"aws:SecureTransport": "false"');
    expect(d.remediation).toContain('arn:aws:s3:::<bucket>/*');
  });

  it('anchors the IAM checks to their Security Hub controls', () => {
    expect(
      getCheckDefinition('iam-least-privilege').anchors.securityHub,
    ).toEqual(['IAM.1', 'IAM.21']);
    expect(getCheckDefinition('iam-keys-rotated').anchors.securityHub).toEqual([
      'IAM.3',
    ]);
    expect(
      getCheckDefinition('iam-unused-credentials').anchors.securityHub,
    ).toEqual(['IAM.22']);
  });
});

describe('getCheckDefinition', () => {
  it('returns the definition with the given id', () => {
    for (const id of CHECK_IDS) {
      expect(getCheckDefinition(id).id).toBe(id);
    }
  });

  it('throws a message naming an unknown id', () => {
    expect(() => getCheckDefinition('no-such-check' as CheckId)).toThrow(
      /no-such-check/,
    );
  });
});
