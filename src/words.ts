/**
 * Words a client can say in its reader's language (issue 14 §8): beside an English sentence the API
 * sends (an error's `message`, an action's `why`, a deadline's `rule`), a key in the web app's words
 * (web/src/i18n/locales/<language>/<namespace>.json, "namespace:path") and the values it takes. The
 * English under that key, with these values, is the English sentence itself (test/web/server-words.test.ts).
 */
export interface Words {
  key: string;
  params?: Record<string, string | number>;
}
