import { auditChanges } from './audit-diff';

describe('auditChanges', () => {
  it('lists the fields of a record whose values differ', () => {
    expect(
      auditChanges(
        { displayName: '张三', active: true, phone: null },
        { displayName: '张三', active: false, phone: '139' },
      ),
    ).toEqual([
      { field: 'active', before: 'true', after: 'false' },
      { field: 'phone', before: '—', after: '139' },
    ]);
  });

  it('shows every field of a creation as new (empty ones left out)', () => {
    expect(auditChanges(null, { code: 'energy', active: true, phone: null })).toEqual([
      { field: 'code', before: '—', after: 'energy' },
      { field: 'active', before: '—', after: 'true' },
    ]);
  });

  it('shows what a replaced list gained and lost', () => {
    const rule = (c: string) => ({ categoryCode: c, unitId: 'u', bureauId: 'b' });
    expect(auditChanges([rule('labor'), rule('land')], [rule('labor'), rule('sales')])).toEqual([
      { field: '−', before: JSON.stringify(rule('land')), after: '—' },
      { field: '+', before: '—', after: JSON.stringify(rule('sales')) },
    ]);
  });

  it('has nothing to show when nothing changed', () => {
    expect(auditChanges([{ a: 1 }], [{ a: 1 }])).toEqual([]);
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
