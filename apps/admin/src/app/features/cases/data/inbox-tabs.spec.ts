import { convertToParamMap } from '@angular/router';
import { inboxTabs, isTabActive, queryFromParams } from './ledger-query';

describe('inboxTabs', () => {
  it('gives the coordinator new · assigned to me · escalated · overdue', () => {
    const tabs = inboxTabs('coordinator', 'u1');
    expect(tabs.map((t) => t.key)).toEqual(['all', 'new', 'mine', 'escalated', 'overdue']);
    expect(tabs.find((t) => t.key === 'mine')?.params).toEqual({ assigneeId: 'u1' });
  });

  it('gives the bureau officer the cases to accept, and the instructor those to confirm', () => {
    expect(inboxTabs('bureau_officer', 'u2').map((t) => t.key)).toEqual(['all', 'toAccept', 'mine', 'overdue']);
    expect(inboxTabs('instructor', 'u3').find((t) => t.key === 'toConfirm')?.params).toEqual({ status: ['resolved'] });
  });

  it('marks the tab whose filters the URL has, and none once the user filters further', () => {
    const tabs = inboxTabs('coordinator', 'u1');
    const active = (params: Record<string, string | string[]>) =>
      tabs.filter((t) => isTabActive(t, queryFromParams(convertToParamMap(params)))).map((t) => t.key);
    expect(active({})).toEqual(['all']);
    expect(active({ status: 'open' })).toEqual(['new']);
    expect(active({ assigneeId: 'u1', page: '2' })).toEqual(['mine']);
    expect(active({ overdue: 'true' })).toEqual(['overdue']);
    expect(active({ status: 'open', category: 'labor' })).toEqual([]);
  });
});
