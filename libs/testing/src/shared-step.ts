/**
 * A precondition several tests of a file need (a subscriber registered, a filing answered), made
 * once, by whichever of them asks first, and awaited by the others. No test counts on another
 * having run before it, so each runs alone (`jest -t`) and in any order (`jest --randomize`).
 * A step that fails fails every test that needs it, with its own error.
 */
export function sharedStep<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
