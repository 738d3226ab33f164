// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replays fuzz inputs without libFuzzer: every file named on the command line, or every file in a
 * directory named there, goes once through LLVMFuzzerTestOneInput. Lets the default (gcc) build
 * keep the fuzz targets compiling and their corpus passing.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	g_autofree char *buf = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;

	if (!g_file_get_contents(path, &buf, &len, &err)) {
		fprintf(stderr, "standalone-main: %s\n", err->message);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0, count = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "standalone-main: cannot read %s\n", argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			g_autoptr(GDir) dir = g_dir_open(argv[i], 0, NULL);
			const char *name;

			while (dir && (name = g_dir_read_name(dir))) {
				g_autofree char *p = g_build_filename(argv[i], name, NULL);
				failed |= run_file(p);
				count++;
			}
		} else {
			failed |= run_file(argv[i]);
			count++;
		}
	}
	printf("standalone-main: replayed %d inputs\n", count);
	return failed;
}
