/** Hostile inputs shared by the error tests and the fuzz suite. */

/** Nine aliases per level, nine levels: 9^9 nodes once expanded. */
export const ALIAS_BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat(
    'bcdefghi'.split('').map((c, i) => {
      const prev = 'abcdefghi'[i] ?? 'a';
      return `${c}: &${c} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`;
    }),
  )
  .join('\n');
