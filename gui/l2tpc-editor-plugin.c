// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc-editor-plugin.c: NMVpnEditorPlugin without GTK; it loads the editor on demand. */
#include "config.h"

#include "l2tpc-editor-plugin.h"

#include <dlfcn.h>
#include <gmodule.h>
#include <glib/gi18n-lib.h>

#include "l2tpc-editor.h"
#include "l2tpc-import-export.h"

enum {
	PROP_0,
	PROP_NAME,
	PROP_DESC,
	PROP_SERVICE,
};

struct _L2tpcEditorPlugin {
	GObject parent;
};

static void l2tpc_editor_plugin_interface_init(NMVpnEditorPluginInterface *iface);

G_DEFINE_TYPE_WITH_CODE(L2tpcEditorPlugin, l2tpc_editor_plugin, G_TYPE_OBJECT,
			G_IMPLEMENT_INTERFACE(NM_TYPE_VPN_EDITOR_PLUGIN,
					      l2tpc_editor_plugin_interface_init))

/* GTK3 and GTK4 cannot share a process; the host already loaded one of them. Only GTK3 has
 * gtk_container_add, so its presence tells them apart. */
static const char *plugin_editor_module(void)
{
	return dlsym(RTLD_DEFAULT, "gtk_container_add") ? L2TPC_EDITOR_MODULE_GTK3
							: L2TPC_EDITOR_MODULE_GTK4;
}

/* The editor modules are installed next to this one. */
static char *plugin_module_path(const char *module)
{
	Dl_info info;
	g_autofree char *dir = NULL;

	if (!dladdr((void *)plugin_module_path, &info) || !info.dli_fname)
		return g_strdup(module);
	dir = g_path_get_dirname(info.dli_fname);
	return g_build_filename(dir, module, NULL);
}

static NMVpnEditor *plugin_get_editor(NMVpnEditorPlugin *plugin, NMConnection *connection,
				      GError **error)
{
	g_autofree char *path = plugin_module_path(plugin_editor_module());
	L2tpcEditorFactory factory;
	void *handle;

	/* Kept open for the life of the process: the module registers GObject types. */
	handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (!handle) {
		g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED,
			    _("The l2tpc connection editor could not be loaded (%s); reinstall the "
			      "package that provides %s."),
			    dlerror(), plugin_editor_module());
		return NULL;
	}
	factory = (L2tpcEditorFactory)dlsym(handle, L2TPC_EDITOR_FACTORY);
	if (!factory) {
		g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED,
			    _("%s is not an l2tpc editor module (it lacks %s); reinstall the "
			      "l2tpc NetworkManager plugin."),
			    path, L2TPC_EDITOR_FACTORY);
		return NULL;
	}
	return factory(plugin, connection, error);
}

static NMVpnEditorPluginCapability plugin_get_capabilities(NMVpnEditorPlugin *plugin)
{
	return NM_VPN_EDITOR_PLUGIN_CAPABILITY_IMPORT | NM_VPN_EDITOR_PLUGIN_CAPABILITY_EXPORT |
	       NM_VPN_EDITOR_PLUGIN_CAPABILITY_IPV6;
}

static NMConnection *plugin_import(NMVpnEditorPlugin *plugin, const char *path, GError **error)
{
	return l2tpc_import_export_import(path, error);
}

static gboolean plugin_export(NMVpnEditorPlugin *plugin, const char *path, NMConnection *connection,
			      GError **error)
{
	return l2tpc_import_export_export(path, connection, error);
}

static char *plugin_suggested_filename(NMVpnEditorPlugin *plugin, NMConnection *connection)
{
	return l2tpc_import_export_suggested_filename(connection);
}

static void plugin_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	switch (prop_id) {
	case PROP_NAME:
		g_value_set_string(value, _("Layer 2 Tunneling Protocol (L2TP/IPsec, l2tpc)"));
		break;
	case PROP_DESC:
		g_value_set_string(value, _("Compatible with L2TP/IPsec servers such as Windows, "
					    "MikroTik, Cisco, FortiGate and strongSwan/xl2tpd."));
		break;
	case PROP_SERVICE:
		g_value_set_string(value, L2TPC_EDITOR_SERVICE);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
}

static void l2tpc_editor_plugin_interface_init(NMVpnEditorPluginInterface *iface)
{
	iface->get_editor = plugin_get_editor;
	iface->get_capabilities = plugin_get_capabilities;
	iface->import_from_file = plugin_import;
	iface->export_to_file = plugin_export;
	iface->get_suggested_filename = plugin_suggested_filename;
}

static void l2tpc_editor_plugin_init(L2tpcEditorPlugin *self)
{
}

static void l2tpc_editor_plugin_class_init(L2tpcEditorPluginClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);

	object_class->get_property = plugin_get_property;
	g_object_class_override_property(object_class, PROP_NAME, NM_VPN_EDITOR_PLUGIN_NAME);
	g_object_class_override_property(object_class, PROP_DESC, NM_VPN_EDITOR_PLUGIN_DESCRIPTION);
	g_object_class_override_property(object_class, PROP_SERVICE, NM_VPN_EDITOR_PLUGIN_SERVICE);
}

G_MODULE_EXPORT NMVpnEditorPlugin *nm_vpn_editor_plugin_factory(GError **error)
{
	static gsize bound;

	/* Once: a host (or a test) that bound the domain elsewhere afterwards keeps its choice. */
	if (g_once_init_enter(&bound)) {
		bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
		bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
		g_once_init_leave(&bound, 1);
	}
	return g_object_new(L2TPC_TYPE_EDITOR_PLUGIN, NULL);
}
