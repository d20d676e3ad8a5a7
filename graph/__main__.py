from graph.cli import main

if __name__ == "__main__":  # guarded: a spawned child process (query time limit) imports this module
    main()
