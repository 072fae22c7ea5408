import { convertToParamMap } from '@angular/router';
import { queryFromParams } from './ledger-query';

describe('queryFromParams', () => {
  it('defaults to the first page of 20', () => {
    expect(queryFromParams(convertToParamMap({}))).toEqual({ page: 1, pageSize: 20 });
  });

  it('reads the filters a dashboard number links to', () => {
    expect(
      queryFromParams(
        convertToParamMap({ status: ['open', 'in_progress', 'bogus'], category: 'labor', overdue: 'true', q: '宏达', page: '3', pageSize: '50' }),
      ),
    ).toEqual({ status: ['open', 'in_progress'], category: 'labor', overdue: true, q: '宏达', page: 3, pageSize: 50 });
  });

  it('ignores nonsense paging', () => {
    expect(queryFromParams(convertToParamMap({ page: '-2', pageSize: '7' }))).toEqual({ page: 1, pageSize: 20 });
  });
});
