import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { describeTrigger, ScoreHistory } from './ScoreHistory';

const counts = { pass: 10, fail: 1, error: 0, notApplicable: 2 };

describe('ScoreHistory', () => {
  it('says how each listed verdict was triggered', async () => {
    const at = (minutesAgo: number) =>
      new Date(Date.now() - minutesAgo * 60_000).toISOString();
    await renderInTestApp(
      <ScoreHistory
        history={{
          entityRef: 'resource:default/orders',
          items: [
            {
              checkedAt: at(1),
              status: 'at-risk',
              score: 80,
              counts,
              trigger: 'event: PutBucketVersioning, PutBucketPolicy',
            },
            {
              checkedAt: at(10),
              status: 'compliant',
              score: 90,
              counts,
              trigger: 'manual',
            },
            {
              checkedAt: at(60),
              status: 'compliant',
              score: 90,
              counts,
              trigger: 'scheduled',
            },
            { checkedAt: at(600), status: 'compliant', score: 90, counts },
          ],
        }}
      />,
    );
    const table = screen.getByRole('table', { name: 'Recent assessments' });
    expect(
      within(table).getByRole('columnheader', { name: 'Triggered by' }),
    ).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[2].textContent),
    ).toEqual([
      'AWS change: PutBucketVersioning, PutBucketPolicy',
      'Manual refresh',
      'Scheduled refresh',
      '—',
    ]);
  });

  it('describes each kind of trigger', () => {
    expect(describeTrigger('scheduled')).toBe('Scheduled refresh');
    expect(describeTrigger('manual')).toBe('Manual refresh');
    expect(describeTrigger('event: PutBucketAcl')).toBe(
      'AWS change: PutBucketAcl',
    );
    expect(describeTrigger(undefined)).toBe('—');
    expect(describeTrigger('something new')).toBe('something new');
  });
});
