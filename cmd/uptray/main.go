package main
import (
 _ "fyne.io/fyne/v2/app"
 _ "github.com/gen2brain/beeep"
 _ "github.com/BurntSushi/toml"
 _ "github.com/miekg/dns"
 _ "github.com/godbus/dbus/v5"
 _ "github.com/prometheus-community/pro-bing"
)
func main(){}
