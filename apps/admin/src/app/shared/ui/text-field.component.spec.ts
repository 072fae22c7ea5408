import { TestBed } from '@angular/core/testing';
import { FormControl, Validators } from '@angular/forms';
import { TextFieldComponent } from './text-field.component';

describe(TextFieldComponent.name, () => {
  it('with rows, is a textarea of that many rows, with its placeholder, across the form, its error once touched', () => {
    const control = new FormControl('', { nonNullable: true, validators: [Validators.required] });
    const fixture = TestBed.createComponent(TextFieldComponent);
    const inputs = {
      control,
      label: 'visits.note',
      rows: 3,
      maxlength: 2000,
      placeholder: 'visits.notePlaceholder',
      required: true,
      testId: 'note',
      error: 'validation.required',
      full: true,
    };
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const area = el.querySelector('[data-testid="note"]') as HTMLTextAreaElement;
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.rows).toBe(3);
    expect(area.getAttribute('maxlength')).toBe('2000');
    expect(area.required).toBe(true);
    expect(area.placeholder).toBe('企业生产经营、用工、困难等情况');
    expect(el.querySelector('mat-form-field')?.classList.contains('tz-full')).toBe(true);
    expect(el.querySelector('[data-testid="note-error"]')).toBeNull();
    control.markAsTouched();
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="note-error"]')?.textContent?.trim()).toBe('必填');
  });
});
