/**
 * The contract's field names and the flags that set them, so an error about a field can
 * say which flag to change.
 */
export const FLAG_FOR_FIELD: Record<string, string> = {
  username: '--username',
  email: '--email',
  bio: '--bio',
  hobbies: '--hobbies',
  interests: '--interests',
  zipCode: '--zip',
  friendRadius: '--radius',
  birthDate: '--birth-date',
  minAge: '--min-age',
  maxAge: '--max-age',
  mutualRadius: '--mutual-radius',
  prompts: '--prompt',
  until: '--until',
};

export function flagForField(field: string): string | undefined {
  return FLAG_FOR_FIELD[field.split('.')[0]];
}
