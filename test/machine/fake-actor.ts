/**
 * A fake engine actor that answers at once from its input. Like an async function, a throw in `answer`
 * rejects the actor's promise instead of escaping `start()`.
 */
import { fromPromise } from 'xstate';

export function fakeActor<O, I>(answer: (input: I) => O) {
  return fromPromise<O, I>(({ input }) => new Promise<O>((resolve) => resolve(answer(input))));
}
