/* l2tpc-editor-validate.h: the editor's view of the profile validator.
 *
 * The editor checks every value with the same rules the client applies when it loads a
 * profile, so a profile the editor saves never fails later for a reason the editor could
 * have shown. Each rejection comes with one sentence for the user.
 */
#pragma once

#include <stdbool.h>

/**
 * Checks @value of @key. Returns true when it is valid; otherwise false and, when
 * @sentence is not NULL, a sentence saying what is wrong and what to enter (caller frees).
 */
bool l2tpc_editor_validate(const char *key, const char *value, char **sentence);

/** The sentence for a required @key left empty; always returns false. */
bool l2tpc_editor_validate_missing(const char *key, char **sentence);
