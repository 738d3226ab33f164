// SPDX-License-Identifier: GPL-2.0-or-later
/* x11-screenshot: saves the whole X screen of $DISPLAY as a PNG file.
 *
 * The guest scenario that drives the real nm-connection-editor under Xvfb keeps a picture of
 * what the user would have seen; the guest root is the host's, read-only, so this uses only
 * libraries the build already needs (GTK3, GdkPixbuf).
 *
 *   x11-screenshot FILE.png
 */
#include <stdio.h>

#include <gtk/gtk.h>

int main(int argc, char **argv)
{
	g_autoptr(GdkPixbuf) pixbuf = NULL;
	g_autoptr(GError) error = NULL;
	GdkWindow *root;

	if (argc != 2) {
		fprintf(stderr, "usage: x11-screenshot FILE.png\n");
		return 2;
	}
	if (!gtk_init_check(&argc, &argv)) {
		fprintf(stderr, "x11-screenshot: cannot open the display; is DISPLAY set?\n");
		return 1;
	}
	root = gdk_get_default_root_window();
	pixbuf = gdk_pixbuf_get_from_window(root, 0, 0, gdk_window_get_width(root),
					    gdk_window_get_height(root));
	if (!pixbuf || !gdk_pixbuf_save(pixbuf, argv[1], "png", &error, NULL)) {
		fprintf(stderr, "x11-screenshot: cannot save %s: %s\n", argv[1],
			error ? error->message : "no image from the X server");
		return 1;
	}
	return 0;
}
