from watchtracker.app import main

raise SystemExit(main())
