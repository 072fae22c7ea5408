import type { CaseAction } from '@taizhang/contracts';
import { of, throwError } from 'rxjs';
import { ApiError } from '../../../core/api/api-error';
import { CasesApi } from '../data/cases.api';
import { ActionDialogComponent, type ActionDialogData } from './action-dialog.component';
import { clickAndWait, createDialog, typeInto } from '../../../../testing/page-test-bed';

/** The case action dialog acting once for a common problem (共性问题): no version, per-case refusals. */
describe(`${ActionDialogComponent.name} for a common problem`, () => {
  let submit: jest.Mock;
  let close: jest.Mock;
  let api: { act: jest.Mock; assignees: jest.Mock; escalationTarget: jest.Mock };

  function create(action: CaseAction) {
    submit = jest.fn();
    close = jest.fn();
    api = { act: jest.fn(), assignees: jest.fn().mockReturnValue(of([])), escalationTarget: jest.fn() };
    const data: ActionDialogData = { action, group: { title: '多家企业缺普工', unitId: 'bureau-1', submit } };
    return createDialog(ActionDialogComponent, data, close, [{ provide: CasesApi, useValue: api }]);
  }
  const q = (el: HTMLElement, id: string) => el.querySelector(`[data-testid="${id}"]`);

  it('posts the action without a version through the group, and closes with its answer', async () => {
    const fixture = create('resolve');
    const el: HTMLElement = fixture.nativeElement;
    expect(el.textContent).toContain('多家企业缺普工');
    submit.mockReturnValue(of({ id: 'g1', members: [] }));
    typeInto(el, 'dialog-resolution', ' 统一组织招聘会 ');
    await clickAndWait(fixture, 'dialog-confirm');
    expect(submit).toHaveBeenCalledWith({ action: 'resolve', resolution: '统一组织招聘会' });
    expect(api.act).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalledWith({ kind: 'group', answer: { id: 'g1', members: [] } });
  });

  it('assign offers the users of the unit holding the members', () => {
    create('assign');
    expect(api.assignees).toHaveBeenCalledWith('bureau-1', '');
  });

  it('names each refused case in the app’s words and stays open', async () => {
    const fixture = create('comment');
    const el: HTMLElement = fixture.nativeElement;
    submit.mockReturnValue(
      throwError(
        () =>
          new ApiError({
            status: 409,
            code: 'CASE.NOT_ALLOWED_IN_STATE',
            detail: '2 case(s) cannot take "resolve"',
            errors: [
              {
                field: 'caseIds.c1',
                message: '410184101-2026-0001: CASE.NOT_ALLOWED_IN_STATE: resolve is not allowed',
              },
              { field: 'caseIds.c2', message: '410184101-2026-0002: CASE.NOT_IN_JURISDICTION: not yours' },
            ],
          }),
      ),
    );
    typeInto(el, 'dialog-comment', '请各企业确认');
    await clickAndWait(fixture, 'dialog-confirm');
    fixture.detectChanges();
    expect(close).not.toHaveBeenCalled();
    const lines = [...el.querySelectorAll('[data-testid="dialog-refused"] li')].map((li) =>
      li.textContent?.trim(),
    );
    expect(q(el, 'dialog-error')?.textContent).toContain('以下问题不能执行此操作，未做任何修改');
    expect(lines).toEqual([
      '410184101-2026-0001：当前状态下不能执行此操作',
      '410184101-2026-0002：无权对此问题执行此操作',
    ]);
  });
});
