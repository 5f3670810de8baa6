/**
 * The one way a screen fills a form that calls a contract method (@mantine/form). The method's own zod input schema
 * validates in the screen before the call, so an empty required field shows its error inline — in the same Chinese
 * sentence the router would give — the first field in error gets the focus, and the save button never silently does
 * nothing. Field issues the core sends back (a duplicate, a rule only the store can check) land on the same fields.
 * Inputs mark required fields with `withAsterisk`, never `required`: no browser-native validation popups.
 */
import { schemaResolver, useForm } from '@mantine/form';
import { type ReactNode, useRef } from 'react';
import { contract, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/contract/index';
import { useAction } from './hooks';

export function useContractForm<M extends MethodName, V extends Record<string, unknown>>(
  method: M,
  initialValues: V,
  /** From the form's values to the method's input, when they differ (a Select's string id, say). */
  toInput: (values: V) => MethodInput<M> = (values) => values as unknown as MethodInput<M>,
) {
  const action = useAction(method);
  const form = useForm<V>({
    mode: 'controlled',
    initialValues,
    // Validate what will be sent: the values as the method receives them.
    validate: (values: V) => schemaResolver(contract[method].input, { sync: true })(toInput(values)),
  });
  /** Wraps the form's fields: the first one in error is looked for inside it. */
  const container = useRef<HTMLDivElement>(null);

  const focusFirstError = () =>
    requestAnimationFrame(() => container.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  /** Validates, then calls the method; null (with the errors shown and focused) when anything is wrong. */
  async function submit(): Promise<MethodOutput<M> | null> {
    if (form.validate().hasErrors) {
      focusFirstError();
      return null;
    }
    const out = await action.run(toInput(form.getValues()));
    if (!out) focusFirstError();
    return out;
  }

  /** Props for one input: its value and change handler, and its error from the screen or from the core. */
  function field<K extends keyof V & string>(path: K) {
    const props = form.getInputProps(path);
    return {
      value: form.getValues()[path],
      // An event (text inputs) or a value (selects, dates): @mantine/form takes either.
      onChange: props.onChange as (valueOrEvent: unknown) => void,
      onFocus: props.onFocus as () => void,
      onBlur: props.onBlur as () => void,
      error: (props.error as ReactNode) ?? action.fieldError(path),
    };
  }

  /** Starts the form again (a modal opened anew): values back to the start, no errors left from last time. */
  function reset(values?: Partial<V>) {
    form.setValues({ ...initialValues, ...values });
    form.clearErrors();
    action.clearError();
  }

  return { form, action, submit, field, reset, container, values: form.getValues() };
}
