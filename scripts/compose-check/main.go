// compose-check loads a Compose file with the Compose specification's own loader (compose-go) and prints the
// resolved project as JSON, or the loader's error: what `docker compose config` does, without a Docker engine.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	file := flag.String("file", "docker-compose.yml", "the Compose file")
	profiles := flag.String("profiles", "", "comma-separated profiles to enable")
	flag.Parse()

	opts, err := cli.NewProjectOptions(
		[]string{*file},
		cli.WithOsEnv,
		cli.WithDotEnv,
		cli.WithName("kefu"),
		cli.WithProfiles(splitList(*profiles)),
	)
	if err != nil {
		fail(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	os.Stdout.Write(out)
	os.Stdout.WriteString("\n")
}

func splitList(value string) []string {
	var items []string
	for _, item := range strings.Split(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
	os.Exit(1)
}
