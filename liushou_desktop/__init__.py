"""liushou_desktop: offline-first care of left-behind children (留守儿童) for rural schools."""

__version__ = "0.1.0"
APP_NAME = "liushou-desktop"
