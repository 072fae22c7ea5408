import { CASE_ACTIONS, type CaseAction, type CaseDto } from '@taizhang/contracts';
import { of, throwError } from 'rxjs';
import { ApiError } from '../../../core/api/api-error';
import { CasesApi } from '../data/cases.api';
import { ACTION_FORMS, buildActionRequest } from '../data/case-actions';
import { ActionDialogComponent } from './action-dialog.component';
import { aCase } from '../../../../testing/case.fixture';
import { clickAndWait, createDialog, typeInto } from '../../../../testing/page-test-bed';

const CASE: CaseDto = aCase({ description: '…', status: 'in_progress', version: 4 });

const EMPTY = { assigneeId: null, reason: '', resolution: '', comment: '', rating: null };

describe('case actions', () => {
  describe('ACTION_FORMS', () => {
    it('has a form for every action', () => {
      expect(Object.keys(ACTION_FORMS).sort()).toEqual([...CASE_ACTIONS].sort());
    });

    // What each action's dialog asks for, as the domain's `decide` requires it.
    it.each<[CaseAction, string]>([
      ['assign', 'assignee* reason'],
      ['accept', 'reason'],
      ['escalate', 'reason*'],
      ['return', 'reason*'],
      ['resolve', 'resolution*'],
      ['confirm', 'rating* comment'],
      ['reopen', 'rating reason*'],
      ['comment', 'comment*'],
      ['urge', 'reason'],
      ['cancel', 'reason*'],
    ])('%s asks for: %s', (action, fields) => {
      const f = ACTION_FORMS[action];
      const asked = [
        f.assignee && 'assignee*',
        f.rating && `rating${f.rating.required ? '*' : ''}`,
        f.reason && `reason${f.reason.required ? '*' : ''}`,
        f.resolution && `resolution${f.resolution.required ? '*' : ''}`,
        f.comment && `comment${f.comment.required ? '*' : ''}`,
      ].filter(Boolean);
      expect(asked.join(' ')).toBe(fields);
    });
  });

  describe('buildActionRequest', () => {
    it('sends only the fields the action takes, trimmed, with the version', () => {
      expect(
        buildActionRequest('escalate', 4, {
          ...EMPTY,
          reason: '  需县人社局协调  ',
          resolution: 'ignored',
          assigneeId: 'x',
        }),
      ).toEqual({ action: 'escalate', version: 4, reason: '需县人社局协调' });
    });

    it('sends the rating of a confirmation, and no empty comment', () => {
      expect(buildActionRequest('confirm', 2, { ...EMPTY, rating: 2, comment: ' ' })).toEqual({
        action: 'confirm',
        version: 2,
        rating: 2,
      });
    });

    it('sends no rating when none was picked (a refusal may go without one)', () => {
      expect(buildActionRequest('reopen', 3, { ...EMPTY, reason: '仍缺工' })).toEqual({
        action: 'reopen',
        version: 3,
        reason: '仍缺工',
      });
    });

    it('sends the assignee for assign', () => {
      expect(buildActionRequest('assign', 1, { ...EMPTY, assigneeId: 'u9' })).toEqual({
        action: 'assign',
        version: 1,
        assigneeId: 'u9',
      });
    });
  });
});

describe(ActionDialogComponent.name, () => {
  let api: { act: jest.Mock; assignees: jest.Mock; escalationTarget: jest.Mock };
  let close: jest.Mock;

  function create(action: CaseAction) {
    api = {
      act: jest.fn(),
      assignees: jest
        .fn()
        .mockReturnValue(
          of([{ id: 'u9', username: 'li', displayName: '李四', role: 'coordinator', openCases: 3 }]),
        ),
      escalationTarget: jest.fn().mockReturnValue(of({ unitId: 'b1', unitName: '县人社局', level: 1 })),
    };
    close = jest.fn();
    return createDialog(ActionDialogComponent, { action, case: CASE }, close, [
      { provide: CasesApi, useValue: api },
    ]);
  }

  const q = (el: HTMLElement, id: string) => el.querySelector(`[data-testid="${id}"]`);

  /** Opens the action's dialog, types into its fields (test id → text) and confirms; the API answers `answer`. */
  async function fillAndConfirm(action: CaseAction, fields: Record<string, string>, answer: CaseDto = CASE) {
    const fixture = create(action);
    api.act.mockReturnValue(of(answer));
    for (const [id, text] of Object.entries(fields)) typeInto(fixture.nativeElement, id, text);
    await clickAndWait(fixture, 'dialog-confirm');
  }

  it('resolve shows only the resolution field and does not post it empty', async () => {
    const fixture = create('resolve');
    const el: HTMLElement = fixture.nativeElement;
    expect(q(el, 'dialog-resolution')).not.toBeNull();
    expect(q(el, 'dialog-reason')).toBeNull();
    expect(q(el, 'dialog-assignee')).toBeNull();
    await clickAndWait(fixture, 'dialog-confirm');
    expect(api.act).not.toHaveBeenCalled();
  });

  it('resolve posts the resolution with the version seen and closes with the updated case', async () => {
    await fillAndConfirm(
      'resolve',
      { 'dialog-resolution': '已协调人社局招工 30 人' },
      { ...CASE, status: 'resolved', version: 5 },
    );
    expect(api.act).toHaveBeenCalledWith('c1', {
      action: 'resolve',
      version: 4,
      resolution: '已协调人社局招工 30 人',
    });
    expect(close).toHaveBeenCalledWith({
      kind: 'done',
      case: expect.objectContaining({ status: 'resolved' }),
    });
  });

  it('assign loads the people of the case unit, searchable', () => {
    const fixture = create('assign');
    expect(api.assignees).toHaveBeenCalledWith('town-1', '');
    expect(q(fixture.nativeElement, 'dialog-assignee')).not.toBeNull();
    expect(q(fixture.nativeElement, 'dialog-assignee-search')).not.toBeNull();
  });

  it('escalate names the receiving unit before confirming', () => {
    const fixture = create('escalate');
    expect(api.escalationTarget).toHaveBeenCalledWith('c1');
    expect(q(fixture.nativeElement, 'dialog-escalation-target')?.textContent).toContain('县人社局');
  });

  it('request_extension asks for a date and sends the end of that working day', async () => {
    await fillAndConfirm('request_extension', {
      'dialog-until': '2026-03-10',
      'dialog-reason': '需协调外部单位',
    });
    expect(api.act).toHaveBeenCalledWith('c1', {
      action: 'request_extension',
      version: 4,
      reason: '需协调外部单位',
      until: '2026-03-10T09:30:00.000Z',
    });
  });

  it('confirm asks for a 1–5 rating with nothing pre-selected, and posts none until one is picked', async () => {
    const fixture = create('confirm');
    const el: HTMLElement = fixture.nativeElement;
    for (const n of [1, 2, 3, 4, 5]) {
      expect((q(el, `dialog-rating-${n}`) as HTMLElement).getAttribute('aria-checked')).toBe('false');
    }
    api.act.mockReturnValue(of({ ...CASE, status: 'closed' }));
    await clickAndWait(fixture, 'dialog-confirm');
    fixture.detectChanges();
    expect(api.act).not.toHaveBeenCalled();
    expect(q(el, 'dialog-rating-error')).not.toBeNull();

    (q(el, 'dialog-rating-4') as HTMLButtonElement).click();
    fixture.detectChanges();
    expect((q(el, 'dialog-rating-4') as HTMLElement).getAttribute('aria-checked')).toBe('true');
    await clickAndWait(fixture, 'dialog-confirm');
    expect(api.act).toHaveBeenCalledWith('c1', { action: 'confirm', version: 4, rating: 4 });
  });

  it('closes with "stale" on a 409 CASE.STALE_VERSION', async () => {
    const fixture = create('urge');
    api.act.mockReturnValue(
      throwError(() => new ApiError({ status: 409, code: 'CASE.STALE_VERSION', detail: 'stale' })),
    );
    await clickAndWait(fixture, 'dialog-confirm');
    expect(close).toHaveBeenCalledWith({ kind: 'stale' });
  });

  it('stays open and says what went wrong, in the app’s words for the problem code', async () => {
    const fixture = create('urge');
    api.act.mockReturnValue(
      throwError(
        () =>
          new ApiError({
            status: 409,
            code: 'CASE.NOT_ALLOWED_IN_STATE',
            detail: 'Cannot urge a case that is closed',
          }),
      ),
    );
    await clickAndWait(fixture, 'dialog-confirm');
    fixture.detectChanges();
    expect(close).not.toHaveBeenCalled();
    expect(q(fixture.nativeElement, 'dialog-error')?.textContent).toContain('当前状态下不能执行此操作');
    expect(q(fixture.nativeElement, 'dialog-error')?.textContent).not.toContain('Cannot');
  });
});
